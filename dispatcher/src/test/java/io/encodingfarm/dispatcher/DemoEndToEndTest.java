package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.EventLog;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo sweep through the real broker and the real S3 server: every task runs exactly once, the
 * planted feature set wins, the left hemisphere beats the right, every artifact parses as .npy, and a
 * resubmission posts nothing.
 */
class DemoEndToEndTest {

    @Test
    @Timeout(600)
    void demoSweepRecoversThePlantedFeaturesExactlyOnce(@TempDir Path dataDir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Demo.Result result = new Demo(dataDir, new PrintStream(log, true, StandardCharsets.UTF_8), Duration.ofMinutes(8)).run();
        String output = log.toString(StandardCharsets.UTF_8);

        assertEquals(Demo.PLANTED_LABEL, result.report().best(), output);
        assertTrue(result.leftAboveRight(), output);
        assertTrue(result.report().complete(), output);
        assertEquals(0, result.postedOnResubmit(), output);
        assertTrue(result.speechReport().complete(), "the speech sweep's report is complete: " + output);
        assertEquals(2, result.speechReport().byFeatureSet().size(), output);
        assertTrue(Files.readString(result.reportDir().resolve("index.html")).contains(Demo.PLANTED_LABEL));
        String scores = Files.readString(result.reportDir().resolve("scores.csv"));
        for (Demo.TinyModel model : Demo.TINY_MODELS) {
            assertTrue(scores.contains(model.name() + ",block-" + model.layers() + ","), "every layer of every size fitted");
        }

        // The demo stopped its infrastructure; the same data directory brings back the broker and the store.
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir);
             FarmContext farm = FarmContext.connect("test", FarmConfig.fromEnvironment(infra.settings()))) {
            SweepManifest manifest = farm.store().getJson(StoreKeys.sweep("demo") + "manifest.json", SweepManifest.class);
            Set<String> planned = new HashSet<>();
            manifest.extractions().forEach(e -> planned.add(e.id()));
            manifest.fits().forEach(f -> planned.add(f.id()));
            int extractions = 4 + Demo.TINY_MODELS.size();
            int fits = 3 * (4 + Demo.TINY_MODELS.stream().mapToInt(m -> m.layers() + 1).sum());
            assertEquals(extractions + fits, planned.size());

            Map<String, Set<String>> successes = EventLog.readAll(farm.config()).stream()
                    .filter(e -> e.status() == TaskStatus.SUCCEEDED && "demo".equals(e.sweep()))
                    .collect(Collectors.groupingBy(TaskEvent::taskId, HashMap::new,
                            Collectors.mapping(TaskEvent::eventId, Collectors.toSet())));
            assertEquals(planned, successes.keySet(), "every planned task succeeded, and nothing else ran");
            successes.forEach((id, events) -> assertEquals(1, events.size(), id + " succeeded more than once"));

            int arrays = 0;
            for (String key : farm.store().list("")) {
                if (!key.endsWith(".npy")) continue;
                NpyArray array = Npy.read(farm.store().get(key));
                assertTrue(array.size() > 0, key);
                arrays++;
            }
            assertTrue(arrays >= fits * 3, "features, scores, alphas and fold scores stored as .npy: " + arrays);
            for (var fit : manifest.fits()) assertTrue(farm.store().isCommitted("fits/" + fit.id() + "/"), fit.label());
        }
    }
}
