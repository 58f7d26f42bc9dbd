package io.encodingfarm.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitSettings;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reporter service through the real broker and S3 server: fit events of the planted sweep make it
 * write a partial report, then a complete one once every fit is committed; the REST API and the live
 * page answer with a bearer token and refuse without it.
 */
class ReporterServiceTest {
    private static final String SWEEP = "planted-live";
    private static final String TOKEN = "s3cret-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(300)
    void partialThenCompleteReportsWithRestAndLivePage(@TempDir Path dir) throws Exception {
        PlantedSweep planted = new PlantedSweep();
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"))) {
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                    .with(Map.of(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString()));
            try (FarmContext farm = FarmContext.connect("test", config);
                 RunningService reporter = Reporter.start(config, TOKEN)) {
                submit(farm, planted, dir);
                List<SweepAnalysis.Fit> fits = planted.fits;
                int half = fits.size() / 2;
                finish(farm, fits.subList(0, half));

                SweepReport partial = awaitReport(farm, r -> r.fitsDone() == half);
                assertFalse(partial.complete());
                String base = "http://127.0.0.1:" + reporter.httpPort();
                assertEquals(401, get(base + "/sweeps/" + SWEEP, null).statusCode());
                assertEquals(401, get(base + "/api/sweeps", "wrong").statusCode());
                HttpResponse<String> page = get(base + "/sweeps/" + SWEEP, TOKEN);
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("http-equiv=\"refresh\""), "a running sweep's page reloads itself");
                assertTrue(page.body().contains("sweep running: 5 of 6 extractions, " + half + " of " + fits.size() + " fits"),
                        page.body().substring(0, Math.min(2000, page.body().length())));
                assertTrue(page.body().contains("partial results"));

                HttpResponse<String> list = get(base + "/api/sweeps", TOKEN);
                assertEquals(200, list.statusCode());
                assertTrue(list.body().contains("\"sweep\":\"" + SWEEP + "\"") && list.body().contains("\"fits_done\":" + half),
                        list.body());
                HttpResponse<String> withQueryToken = get(base + "/api/sweeps/" + SWEEP + "/progress?access_token=" + TOKEN, null);
                assertEquals(200, withQueryToken.statusCode());
                assertTrue(withQueryToken.headers().firstValue("Set-Cookie").orElse("").contains("HttpOnly"));
                assertEquals(400, get(base + "/api/sweeps/bad..name/summary", TOKEN).statusCode());
                assertEquals(404, get(base + "/api/sweeps/no-such-sweep/summary", TOKEN).statusCode());
                assertEquals(405, http.send(HttpRequest.newBuilder(URI.create(base + "/api/sweeps"))
                        .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode());

                finish(farm, fits.subList(half, fits.size()));
                SweepReport complete = awaitReport(farm, SweepReport::complete);
                assertEquals("model-4", complete.best());
                SweepReport summary = Json.fromBytes(get(base + "/api/sweeps/" + SWEEP + "/summary", TOKEN).body()
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), SweepReport.class);
                assertTrue(summary.complete());
                assertEquals(PlantedSweep.B_LEFT, summary.scaling().stream().filter(r -> r.metric().equals("left")
                        && r.subject().equals(SweepAnalysis.MEAN_SUBJECT)).findFirst().orElseThrow().estimate(), 1e-6);
                assertEquals("planted", summary.provenance().dataset().get("name"));
                assertTrue(summary.provenance().codeVersion().startsWith("encoding-farm "), summary.provenance().codeVersion());
                assertEquals(PlantedSweep.PARAMETERS[0], summary.provenance().featureSets().get(0).parameterCount());

                HttpResponse<byte[]> figure = http.send(HttpRequest.newBuilder(URI.create(base + "/api/sweeps/" + SWEEP
                        + "/figures/score-vs-n.png")).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, figure.statusCode());
                assertEquals("image/png", figure.headers().firstValue("Content-Type").orElse(""));
                assertTrue(figure.body().length > 1000);
                HttpResponse<String> done = get(base + "/sweeps/" + SWEEP, TOKEN);
                assertFalse(done.body().contains("http-equiv=\"refresh\""), "a finished sweep's page stays put");
                assertTrue(done.body().contains("sweep complete"));

                String prefix = StoreKeys.report(SWEEP);
                @SuppressWarnings("unchecked")
                Map<String, Object> committed = (Map<String, Object>) Json.fromBytes(farm.store().get(prefix + "_COMMITTED"),
                        Map.class).get("objects");
                List<String> stored = farm.store().list(prefix).stream().map(k -> k.substring(prefix.length()))
                        .filter(k -> !k.equals("_COMMITTED")).sorted().toList();
                assertEquals(committed.keySet().stream().sorted().toList(), stored, "no file of the partial report is left over");
            }
        }
    }

    private static void submit(FarmContext farm, PlantedSweep planted, Path dir) throws Exception {
        Path dataset = dir.resolve("dataset");
        planted.writeDataset(dataset, "planted");
        farm.store().uploadDirectory(dataset, StoreKeys.dataset("planted"));
        List<ExtractionTask> extractions = new ArrayList<>();
        for (SweepAnalysis.FeatureSet set : planted.featureSets.values()) {
            Map<String, Object> extractor = set.kind().equals(SweepAnalysis.UNTRAINED)
                    ? Map.of("model", "model-3", "untrained_seed", 1) : Map.of("model", set.label(), "revision", "main");
            ExtractionTask task = ExtractionTask.create(SWEEP, "planted", extractor, set.label(), PlantedSweep.SUBJECTS,
                    List.of("layer-0", "layer-1", "layer-2"), FitSettings.seedB());
            farm.store().open(task.artifactPrefix()).putJson("meta.json", Map.of("parameter_count", set.parameterCount())).commit();
            extractions.add(task);
        }
        extractions.add(ExtractionTask.create(SWEEP, "planted", Map.of("baseline", "random-vectors", "dim", 16),
                PlantedSweep.BASELINE, PlantedSweep.SUBJECTS, List.of("features"), FitSettings.seedB()));
        SweepManifest manifest = new SweepManifest(1, SWEEP, "planted", Instant.now().toString(), extractions,
                planted.fits.stream().map(SweepAnalysis.Fit::plan).toList());
        farm.store().putJson(StoreKeys.sweep(SWEEP) + "manifest.json", manifest);
        for (ExtractionTask task : extractions.subList(0, extractions.size() - 1)) {
            farm.bus().publish(TaskEvent.of(task.id(), TaskType.EXTRACTION, SWEEP, TaskStatus.STARTED, "w"));
            farm.bus().publish(TaskEvent.of(task.id(), TaskType.EXTRACTION, SWEEP, TaskStatus.SUCCEEDED, "w").withDuration(2000));
        }
    }

    /** Commits the fits' scores, then tells the reporter as fit-workers would. */
    private static void finish(FarmContext farm, List<SweepAnalysis.Fit> fits) {
        for (SweepAnalysis.Fit fit : fits) {
            farm.store().open("fits/" + fit.plan().id() + "/")
                    .put("scores.npy", Npy.toBytes(NpyArray.ofFloats(fit.scores(), fit.scores().length))).commit();
        }
        for (SweepAnalysis.Fit fit : fits) {
            farm.bus().publish(TaskEvent.of(fit.plan().id(), TaskType.FIT, SWEEP, TaskStatus.STARTED, "w"));
            farm.bus().publish(TaskEvent.of(fit.plan().id(), TaskType.FIT, SWEEP, TaskStatus.SUCCEEDED, "w").withDuration(500));
        }
    }

    private static SweepReport awaitReport(FarmContext farm, Predicate<SweepReport> wanted) throws InterruptedException {
        String key = StoreKeys.report(SWEEP) + "summary.json";
        for (int i = 0; i < 1200; i++) {
            if (farm.store().isCommitted(StoreKeys.report(SWEEP))) {
                SweepReport report = farm.store().getJson(key, SweepReport.class);
                if (wanted.test(report)) return report;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the reporter wrote no such report in 120 s");
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) request.header("Authorization", "Bearer " + token);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
