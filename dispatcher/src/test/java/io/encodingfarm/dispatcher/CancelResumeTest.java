package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.gpuworker.GpuWorker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** `farm cancel` stops queued work (settled as CANCELLED); `farm resume` re-posts only what is missing. */
class CancelResumeTest {

    @Test
    @Timeout(300)
    void cancelledSweepStopsAndResumeFinishesOnlyTheRest(@TempDir Path dir) throws Exception {
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"))) {
            Path sweepFile = dir.resolve("sweep.yaml");
            Files.writeString(sweepFile, TestData.embeddingSweep("stoppable", "small", 12, "[1, 100]"));
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                    .with(Map.of(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString()));
            try (FarmContext farm = FarmContext.connect("test", config)) {
                TestData.plantedDataset(farm, dir.resolve("data"),
                        new SyntheticDataset.SynthSpec("small", 3, 30, new int[] {5, 7, 5}, 16, 1, 1, 0.5, 1), 4, 2);
            }
            // The CLI's own --embedded would start a second broker; point it at this one through settings instead.
            infra.settings().forEach(System::setProperty);
            System.setProperty(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString());
            try {
                assertEquals(0, Cli.execute("submit", sweepFile.toString()));
                assertEquals(0, Cli.execute("cancel", "stoppable"));
                try (RunningService gpu = GpuWorker.start(config);
                     RunningService fit = FitWorker.start(config)) {
                    FarmContext farm = gpu.context();
                    SweepStatus cancelled = Cli.waitForSweep(farm, "stoppable", Duration.ofMinutes(3), System.out);
                    assertTrue(cancelled.extractions().cancelled() > 0, "queued extractions were cancelled: " + Cli.line(cancelled));
                    assertEquals(0, cancelled.fits().done(), "nothing was fitted after the cancel");

                    assertEquals(0, Cli.execute("resume", "stoppable"));
                    SweepStatus finished = Cli.waitForSweep(farm, "stoppable", Duration.ofMinutes(3), System.out);
                    assertEquals(12, finished.extractions().done(), Cli.line(finished));
                    assertEquals(finished.fits().total(), finished.fits().done(), Cli.line(finished));
                }
            } finally {
                infra.settings().keySet().forEach(System::clearProperty);
                System.clearProperty(ConfigKey.WORK_DIR.key());
            }
        }
    }
}
