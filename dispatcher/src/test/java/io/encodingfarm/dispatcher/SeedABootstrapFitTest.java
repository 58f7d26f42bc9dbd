package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.encodingfarm.fitworker.FitWorker;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.gpuworker.GpuWorker;
import io.encodingfarm.schema.SweepManifest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed A end to end: a synthetic dataset in the Huth published format (hf5, TextGrids, TR files, a
 * test story with repeats), imported, then a bootstrap-ridge sweep (Lanczos to TR times, FIR delays,
 * chunked bootstrap CV, correlation on the held-out story) through the real broker and store.
 */
class SeedABootstrapFitTest {

    @Test
    @Timeout(300)
    void bootstrapRidgeOnTheHeldOutStoryFindsThePlantedFeatures(@TempDir Path dir) throws Exception {
        Path imported = SyntheticStimuli.importedHuthDataset("huth-synth", dir, 120);

        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"))) {
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                    .with(Map.of(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString()));
            try (RunningService gpu = GpuWorker.start(config);
                 RunningService fit = FitWorker.start(config)) {
                var farm = gpu.context();
                farm.store().uploadDirectory(imported, "datasets/huth-synth/");
                SweepSpec sweep = SweepFile.parse("""
                        sweep: seed-a
                        dataset: huth-synth
                        features:
                          - name: emb
                            baseline: random-embeddings
                            dim: 8
                            seeds: [1, 7]
                        fit:
                          method: bootstrap
                          trim: 5
                          alphas: {logspace: [0, 3, 7]}
                          nboots: 5
                          chunklen: 10
                          nchunks: 5
                          delays: [1, 2, 3, 4]
                        """, "seed-a.yaml");
                SweepManifest manifest = new SweepPlanner(farm.store(), dir.resolve("work")).plan(sweep);
                Submission.submit(farm, sweep, manifest);
                Map<String, Double> meanR = new HashMap<>();
                long deadline = System.nanoTime() + 240_000_000_000L;
                for (SweepManifest.PlannedFit planned : manifest.fits()) {
                    while (!farm.store().isCommitted("fits/" + planned.id() + "/")) {
                        assertTrue(System.nanoTime() < deadline, "fit " + planned.label() + " not done in time");
                        Thread.sleep(250);
                    }
                    float[] scores = Npy.read(farm.store().get("fits/" + planned.id() + "/scores.npy")).toFloatArray();
                    double sum = 0;
                    for (float s : scores) sum += s;
                    meanR.put(planned.label(), sum / scores.length);
                }
                assertEquals(2, meanR.size());
                assertTrue(meanR.get("emb-seed7") > 0.2, "planted features predict the held-out story: " + meanR);
                assertTrue(meanR.get("emb-seed7") > meanR.get("emb-seed1") + 0.1, "planted beats the distractor: " + meanR);
            }
        }
    }
}
