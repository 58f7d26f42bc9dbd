package io.encodingfarm.dispatcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import io.encodingfarm.models.speech.TinyWhisper;
import io.encodingfarm.models.speech.WhisperConfig;
import io.encodingfarm.schema.SweepManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A speech sweep end to end: each story's recording through a tiny Whisper encoder in causal 16.1 s
 * windows every 0.1 s (gpu-worker), window-end times Lanczos-resampled to the TRs and fitted with seed A's
 * bootstrap ridge (fit-worker), through the real broker and store.
 */
class SpeechSweepTest {

    @Test
    @Timeout(600)
    void whisperFeaturesOfEveryLayerAreExtractedAndFitted(@TempDir Path dir) throws Exception {
        int trs = 16;
        Path dataset = SyntheticStimuli.importedHuthDataset("huth-speech", dir, trs);
        SyntheticStimuli.writeToneRecordings(dataset);
        Path whisper = TinyWhisper.write(new WhisperConfig(32, 1, 2, 64, 80, 1500), 3, dir.resolve("tiny-whisper"));
        try (EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dir.resolve("infra"))) {
            FarmConfig config = FarmConfig.fromEnvironment(infra.settings())
                    .with(Map.of(ConfigKey.WORK_DIR.key(), dir.resolve("work").toString()));
            try (RunningService gpu = GpuWorker.start(config);
                 RunningService fit = FitWorker.start(config)) {
                var farm = gpu.context();
                farm.store().uploadDirectory(dataset, "datasets/huth-speech/");
                farm.store().uploadDirectory(whisper, "models/tiny-whisper/");
                SweepSpec sweep = SweepFile.parse("""
                        sweep: speech
                        dataset: huth-speech
                        features:
                          - name: whisper
                            speech_model: tiny-whisper
                        fit:
                          method: bootstrap
                          trim: 2
                          alphas: [1, 10, 100]
                          nboots: 3
                          chunklen: 5
                          nchunks: 3
                        """, "speech.yaml");
                SweepManifest manifest = new SweepPlanner(farm.store(), dir.resolve("work")).plan(sweep);
                assertEquals(List.of("embeddings", "block-1"), manifest.extractions().get(0).fitLayers());
                Submission.submit(farm, sweep, manifest);
                long deadline = System.nanoTime() + 540_000_000_000L;
                for (SweepManifest.PlannedFit planned : manifest.fits()) {
                    while (!farm.store().isCommitted("fits/" + planned.id() + "/")) {
                        assertTrue(System.nanoTime() < deadline, "fit " + planned.layer() + " not done in time");
                        Thread.sleep(500);
                    }
                    for (float r : Npy.read(farm.store().get("fits/" + planned.id() + "/scores.npy")).toFloatArray()) {
                        assertTrue(Float.isFinite(r) && Math.abs(r) <= 1, "a correlation: " + r);
                    }
                }
                String features = manifest.extractions().get(0).artifactPrefix();
                double[][] times = Npy.read(farm.store().get(features + "times/story-01.npy")).toDoubleMatrix();
                double seconds = trs * 2.0;
                assertEquals((int) Math.round(seconds * 10), times.length, "one window every 0.1 s of the story");
                assertArrayEquals(new double[] {0, 0.1}, times[0], 1e-9);
                assertArrayEquals(new double[] {seconds - 16.1, seconds}, times[times.length - 1], 1e-9);
                assertEquals(times.length, Npy.read(farm.store().get(features + "block-1/story-01.npy")).dim(0));
            }
        }
    }
}
