package io.encodingfarm.dispatcher.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.SyntheticDataset;
import io.encodingfarm.dispatcher.SweepPlan;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.baselines.RandomEmbeddings;
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
 * A miniature of the English lateralization recipe, same shape: an LPP-convention synthetic dataset
 * stored as {@code lpp-en} with its {@code average} subject, tiny checkpoints uploaded under the recipe's
 * model ids (two GPT-2 sizes, Qwen1.5, Pythia at two training steps), a Mamba model listed and skipped,
 * both random baselines over seeds, GloVe, an untrained GPT-2, and the recipe's own fit block. It goes
 * through the CLI ({@code farm submit}, dry run and real) and the embedded farm, and its report is complete.
 */
class LateralizationMiniatureTest {
    private static final String SWEEP = "lateralization-en-miniature";

    @Test
    @Timeout(300)
    void miniatureOfTheEnglishRecipeRunsEndToEndAndReportsEverySet(@TempDir Path dir) throws Exception {
        try (MiniatureFarm farm = MiniatureFarm.start(dir)) {
            storeDatasetAndCheckpoints(farm, dir);
            Path sweep = dir.resolve("miniature.yaml");
            Files.writeString(sweep, miniatureSweep(dir));

            SweepPlan plan = farm.plan(sweep);
            assertEquals(List.of("mamba-130m"), plan.sets().stream().filter(SweepPlan.PlannedSet::skipped)
                    .map(s -> s.set().label()).toList(), "only Mamba is skipped");
            assertEquals(11, plan.manifest().extractions().size());
            assertEquals(3 + 4 + 3 + 5 + 3 + 3 + 3, plan.manifest().fits().size());

            String dryRun = farm.cli("submit", sweep.toString(), "--dry-run", "--workers", "4");
            assertTrue(dryRun.contains("= 11 extraction tasks, 24 fit tasks (24 per subject)"), dryRun);
            assertTrue(dryRun.contains("mamba-130m") && dryRun.contains("not implemented by the extractor"), dryRun);
            assertTrue(dryRun.contains("wall time with 4 workers"), dryRun);
            String submitted = farm.cli("submit", sweep.toString());
            assertTrue(submitted.contains("11 extraction tasks and 24 fit tasks planned"), submitted);

            SweepReport report = farm.completeReport(SWEEP, Duration.ofMinutes(4));
            Set<String> planned = plan.sets().stream().filter(s -> !s.skipped()).map(s -> s.set().label())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(planned, report.byFeatureSet().stream().map(SweepReport.FeatureSetSummary::label)
                    .collect(Collectors.toCollection(TreeSet::new)), "every planned set is reported, Mamba is not");
            assertEquals(24, report.fitsDone());
            assertEquals(List.of(0L, 1000L), report.checkpoints().stream().map(SweepReport.CheckpointRow::trainingStep)
                    .sorted().toList(), "Pythia's training curve");
            assertTrue(report.byFeatureSet().stream().anyMatch(s -> "untrained".equals(s.kind())));
            assertFalse(report.scaling().isEmpty(), "scaling fit over the trained sizes: " + report.notes());
            assertTrue(farm.farm.store().exists(StoreKeys.report(SWEEP) + "index.html"));
        }
    }

    /** The dataset and checkpoints a lab would import and upload, at toy size, under the recipe's names. */
    private static void storeDatasetAndCheckpoints(MiniatureFarm farm, Path dir) throws Exception {
        Path data = dir.resolve("lpp-en");
        RandomEmbeddings teacher = new RandomEmbeddings(8, 3);
        SyntheticDataset.generate(new SyntheticDataset.SynthSpec("lpp-en", 3, 60, new int[] {7, 9, 7}, 16, 2, 1.0, 0.4, 11),
                (run, words) -> teacher.extract(new RunWords(run, words))[0], "random-embeddings dim=8 seed=3", data);
        farm.uploadDataset("lpp-en", data);
        farm.uploadModel("gpt2", TinyCheckpoints.write("gpt2", 2, 32, 2, 1, dir.resolve("ckpt/gpt2")));
        farm.uploadModel("gpt2-medium", TinyCheckpoints.write("gpt2", 3, 48, 2, 2, dir.resolve("ckpt/gpt2-medium")));
        farm.uploadModel("Qwen1.5-0.5B", TinyCheckpoints.write("qwen2", 2, 32, 2, 3, dir.resolve("ckpt/qwen")));
        Path pythia = dir.resolve("ckpt/pythia-6.9b");
        TinyCheckpoints.write("gpt_neox", 2, 32, 2, 4, pythia.resolve("step0"));
        TinyCheckpoints.write("gpt_neox", 2, 32, 2, 5, pythia.resolve("step1000"));
        farm.uploadModel("pythia-6.9b", pythia);
        Files.writeString(dir.resolve("glove.8d.txt"), """
                the 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8
                a -0.1 0.2 -0.3 0.4 -0.5 0.6 -0.7 0.8
                and 0.3 0.1 0.4 0.1 0.5 0.9 0.2 0.6
                of 0.5 0.3 0.5 0.8 0.9 0.7 0.9 0.3
                """);
    }

    /** The recipe's shape with fewer and smaller feature sets, and the recipe's own fit block. */
    private static String miniatureSweep(Path dir) throws Exception {
        return """
                sweep: %s
                dataset: lpp-en
                subjects: [average]
                features:
                  - model: gpt2
                  - model: gpt2-medium
                  - model: Qwen1.5-0.5B
                  - model: mamba-130m
                  - name: random-vectors-8
                    baseline: random-vectors
                    dim: 8
                    seeds: [1, 2]
                  - name: random-embeddings-8
                    baseline: random-embeddings
                    dim: 8
                    seeds: [1, 2]
                  - name: glove-8d
                    baseline: glove
                    path: %s
                  - name: gpt2-untrained-seed1
                    model: gpt2
                    untrained_seed: 1
                  - name: pythia-6.9b-step0
                    model: pythia-6.9b
                    revision: step0
                  - name: pythia-6.9b-step1000
                    model: pythia-6.9b
                    revision: step1000
                """.formatted(SWEEP, dir.resolve("glove.8d.txt")) + MiniatureFarm.fitBlock("lateralization-en");
    }
}
