package io.encodingfarm.dispatcher.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.dispatcher.SweepPlan;
import io.encodingfarm.dispatcher.SyntheticStimuli;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.reporter.SweepReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A miniature of the scaling-laws recipe, same shape: a synthetic dataset in the Huth published format
 * (stories, TextGrids, TR files, a test story with repeats) imported as {@code huth-uts01}, tiny OPT and
 * LLaMA checkpoints under the recipe's ids with seed A's last-token alignment, a not-yet-runnable speech
 * model listed and skipped, and the recipe's bootstrap fit block with fewer and shorter bootstraps for stories this short.
 */
class ScalingLawsMiniatureTest {
    private static final String SWEEP = "scaling-laws-miniature";
    /** Tiny checkpoints allow long contexts: seed A's contexts reach 512 words. */
    private static final int MAX_POSITIONS = 4096;

    @Test
    @Timeout(300)
    void miniatureOfTheScalingLawsRecipeRunsEndToEnd(@TempDir Path dir) throws Exception {
        try (MiniatureFarm farm = MiniatureFarm.start(dir)) {
            Path imported = SyntheticStimuli.importedHuthDataset("huth-uts01", dir, 120);
            farm.uploadDataset("huth-uts01", imported);
            farm.uploadModel("opt-125m", TinyCheckpoints.write("opt", 2, 32, 2, 1024, MAX_POSITIONS, 1, dir.resolve("ckpt/a")));
            farm.uploadModel("opt-1.3b", TinyCheckpoints.write("opt", 3, 48, 2, 1024, MAX_POSITIONS, 2, dir.resolve("ckpt/b")));
            farm.uploadModel("Llama-2-7b", TinyCheckpoints.write("llama", 2, 64, 4, 1024, MAX_POSITIONS, 3, dir.resolve("ckpt/c")));
            Path sweep = dir.resolve("miniature.yaml");
            Files.writeString(sweep, """
                    sweep: %s
                    dataset: huth-uts01
                    subjects: [sub-01]
                    features:
                      - model: opt-125m
                        alignment: last-token
                      - model: opt-1.3b
                        alignment: last-token
                      - model: Llama-2-7b
                        alignment: last-token
                      - speech_model: wavlm-large
                    """.formatted(SWEEP) + MiniatureFarm.fitBlock("scaling-laws")
                    .replace("trim: 10", "trim: 5").replace("nboots: 50", "nboots: 5")
                    .replace("chunklen: 40", "chunklen: 10").replace("nchunks: 125", "nchunks: 5"));

            SweepPlan plan = farm.plan(sweep);
            assertEquals(List.of("wavlm-large"), plan.sets().stream().filter(SweepPlan.PlannedSet::skipped)
                    .map(s -> s.set().label()).toList(), "the not-yet-runnable speech model is listed and skipped");
            assertEquals("bootstrap", plan.manifest().extractions().get(0).fit().method());
            assertEquals(3 + 4 + 3, plan.manifest().fits().size());
            String submitted = farm.cli("submit", sweep.toString());
            assertTrue(submitted.contains("3 extraction tasks and 10 fit tasks planned"), submitted);

            SweepReport report = farm.completeReport(SWEEP, Duration.ofMinutes(4));
            assertEquals(10, report.fitsDone());
            Set<String> reported = report.byFeatureSet().stream().map(SweepReport.FeatureSetSummary::label)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(Set.of("Llama-2-7b", "opt-1.3b", "opt-125m"), reported);
            assertTrue(report.byFeatureSet().stream().allMatch(s -> Double.isFinite(s.meanR())), report.byFeatureSet().toString());
        }
    }
}
