package io.encodingfarm.dispatcher.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmMetrics;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.dispatcher.FeatureSource;
import io.encodingfarm.dispatcher.SweepPlan;
import io.encodingfarm.dispatcher.SweepPlanner;
import io.encodingfarm.dispatcher.sweep.SweepFile;
import io.encodingfarm.dispatcher.sweep.SweepFileException;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.embedded.EmbeddedS3;
import io.encodingfarm.models.ModelCatalogue;
import io.encodingfarm.schema.FitSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every recipe parses and expands, against an empty store (no dataset, no checkpoint), to the counts the
 * published analyses have: seed B's 28 models with 950 layers (713 transformer, 237 Mamba) and 41
 * baseline fits per subject; seed A's OPT/LLaMA sizes with bootstrap ridge and the speech models listed.
 */
class RecipesTest {
    static final Path RECIPES = Path.of("..", "examples", "recipes");
    static final List<String> MAMBA = List.of("mamba-130m", "mamba-370m", "mamba-790m", "mamba-1.4b", "mamba-2.8b");

    @TempDir
    static Path dir;
    static EmbeddedS3 s3;
    static SweepPlanner planner;

    /** Planning needs only the store: an empty S3 server, no broker. */
    @BeforeAll
    static void emptyStore() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        s3 = new EmbeddedS3(dir.resolve("s3"), port, "recipes", "recipes-secret");
        s3.start();
        ArtifactStore store = new ArtifactStore(FarmConfig.fromEnvironment(Map.of(ConfigKey.S3_ENDPOINT.key(), s3.endpoint(),
                ConfigKey.S3_ACCESS_KEY.key(), "recipes", ConfigKey.S3_SECRET_KEY.key(), "recipes-secret")),
                new FarmMetrics("recipes-test"));
        store.ensureBucket();
        planner = new SweepPlanner(store, dir.resolve("work"));
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    static SweepPlan dryRun(String recipe) {
        return planner.expand(SweepFile.read(RECIPES.resolve(recipe).resolve("sweep.yaml")), true);
    }

    static List<SweepPlan.PlannedSet> ofKind(SweepPlan plan, FeatureSource.Kind kind) {
        return plan.sets().stream().filter(s -> s.source().kind() == kind).toList();
    }

    static int layers(List<SweepPlan.PlannedSet> sets) {
        return sets.stream().mapToInt(s -> s.fitLayers().size()).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lateralization-en", "lateralization-fr", "lateralization-zh"})
    void seedBRecipesListTheModelsLayersAndBaselinesOfThePaper(String recipe) {
        SweepPlan plan = dryRun(recipe);
        assertEquals("lpp-" + recipe.substring(recipe.length() - 2), plan.manifest().dataset());
        assertEquals(List.of("average"), plan.subjects());

        List<SweepPlan.PlannedSet> models = ofKind(plan, FeatureSource.Kind.MODELS);
        assertEquals(28, models.size());
        assertEquals(950, layers(models));
        List<SweepPlan.PlannedSet> mamba = models.stream().filter(s -> MAMBA.contains(s.set().label())).toList();
        assertEquals(5, mamba.size());
        assertEquals(237, layers(mamba));
        assertEquals(713, layers(models) - layers(mamba), "layers of the 23 transformer models");
        assertTrue(mamba.stream().allMatch(SweepPlan.PlannedSet::skipped), "Mamba is listed but not planned");
        assertTrue(mamba.stream().allMatch(s -> s.source().skipReason().contains("Mamba")));

        List<SweepPlan.PlannedSet> baselines = ofKind(plan, FeatureSource.Kind.BASELINES);
        assertEquals(41, baselines.size());
        SweepPlan.Tally baselineTally = plan.tally(s -> s.source().kind() == FeatureSource.Kind.BASELINES);
        assertEquals(41, baselineTally.fits() / plan.subjects().size(), "41 baseline fits per subject");
        for (String kind : List.of("random-vectors", "random-embeddings")) {
            for (int dim : new int[] {300, 1024}) {
                long seeds = baselines.stream().filter(b -> b.set().extractor().get("baseline").equals(kind)
                        && ((Number) b.set().extractor().get("dim")).intValue() == dim).count();
                assertEquals(10, seeds, kind + " " + dim);
            }
        }
        assertEquals(300, baselines.stream().filter(b -> b.set().extractor().get("baseline").equals("glove"))
                .findFirst().orElseThrow().source().width());

        assertEquals(9, ofKind(plan, FeatureSource.Kind.UNTRAINED).size());
        List<SweepPlan.PlannedSet> checkpoints = ofKind(plan, FeatureSource.Kind.CHECKPOINTS);
        assertEquals(List.of("step0", "step1000", "step14000", "step36000", "step72000", "step143000"),
                checkpoints.stream().map(s -> s.set().extractor().get("revision")).toList());
        assertTrue(checkpoints.stream().allMatch(s -> s.set().extractor().get("model").equals("pythia-6.9b")));

        assertEquals(FitSettings.seedB(), plan.manifest().extractions().get(0).fit());
        SweepPlan.Tally all = plan.tally(s -> true);
        assertEquals(new SweepPlan.Tally(84, 1478, 7, 303, 77, 1175), all,
                "28 models + 41 baselines + 9 untrained + 6 checkpoints; Mamba, opt-350m and stablelm-2-12b skipped");
        assertEquals(all.fits(), plan.manifest().fits().size());
        assertEquals(all.extractions(), plan.manifest().extractions().size());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("not in the store yet")), plan.notes().toString());
        assertNotNull(plan.data(), "the published dataset's size is known");
    }

    @Test
    void scalingLawsRecipeIsSeedAsBootstrapRidgeOverOptAndLlama() {
        SweepPlan plan = dryRun("scaling-laws");
        assertEquals("huth-uts01", plan.manifest().dataset());
        FitSettings fit = plan.manifest().extractions().get(0).fit();
        assertEquals("bootstrap", fit.method());
        assertEquals(FitSettings.logspace(1, 3, 10), fit.alphas());
        FitSettings.Bootstrap b = fit.bootstrap();
        assertEquals(List.of(50, 40, 125, 4), List.of(b.nboots(), b.chunklen(), b.nchunks(), b.delays().size()));
        assertEquals("per-voxel", b.alphaMode());
        assertEquals(List.of(1, 2, 3, 4), b.delays());
        assertEquals(3, b.lanczosWindow());

        List<String> planned = plan.sets().stream().filter(s -> !s.skipped()).map(s -> s.set().label()).toList();
        assertTrue(planned.containsAll(List.of("opt-125m", "opt-13b", "Llama-2-7b", "Llama-2-13b")), planned.toString());
        assertTrue(plan.sets().stream().filter(s -> !s.skipped() && s.set().extractor().containsKey("model"))
                .allMatch(s -> "last-token".equals(s.set().extractor().get("alignment"))), "seed A's alignment");
        assertTrue(planned.containsAll(List.of("whisper-tiny", "whisper-base", "whisper-small", "whisper-medium",
                "whisper-large")), "Whisper runs on the stories' audio: " + planned);
        for (String id : List.of("hubert-large", "wavlm-large")) {
            SweepPlan.PlannedSet set = plan.sets().stream().filter(s -> s.set().label().equals(id)).findFirst().orElseThrow();
            assertTrue(set.skipped(), id + " is listed but not planned");
        }
    }

    @Test
    void catalogueHoldsThePublishedSizesOfSeedBsModels() {
        ModelCatalogue catalogue = ModelCatalogue.bundled();
        SweepSpec spec = SweepFile.read(RECIPES.resolve("lateralization-en/sweep.yaml"));
        List<ModelCatalogue.Entry> seedB = spec.featureSets().stream()
                .filter(s -> s.extractor().containsKey("model") && !s.extractor().containsKey("untrained_seed")
                        && !s.extractor().containsKey("revision"))
                .map(s -> catalogue.get(s.extractor().get("model").toString())).toList();
        assertEquals(28, seedB.size());
        assertEquals(950, seedB.stream().mapToInt(ModelCatalogue.Entry::layerCount).sum());
        assertEquals(237, seedB.stream().filter(e -> e.family().equals("mamba")).mapToInt(ModelCatalogue.Entry::layerCount).sum());
        ModelCatalogue.Entry gpt2 = catalogue.get("gpt2");
        assertEquals(List.of(13, 768, 124_439_808L), List.of(gpt2.layerCount(), gpt2.hidden(), gpt2.parameters()));
        assertEquals("block-12", gpt2.layerNames().get(12));
        assertTrue(catalogue.entries().stream().filter(e -> !e.runnable()).allMatch(e -> !e.whyNot().isBlank()));
        assertThrows(IllegalArgumentException.class, () -> catalogue.get("gpt-5"));
    }

    @Test
    void submittingWithoutTheDataOrCheckpointsIsRefusedWithWhatToDo() {
        SweepSpec spec = SweepFile.read(RECIPES.resolve("lateralization-en/sweep.yaml"));
        SweepFileException noData = assertThrows(SweepFileException.class, () -> planner.plan(spec));
        assertTrue(noData.getMessage().contains("dataset 'lpp-en' is not in the store"), noData.getMessage());

        SweepSpec allSubjects = SweepFile.parse(spec.text().replace("subjects: [average]", "subjects: all"), "all.yaml");
        SweepFileException unknownSubjects = assertThrows(SweepFileException.class, () -> planner.expand(allSubjects, true));
        assertTrue(unknownSubjects.getMessage().contains("list them in the sweep file"), unknownSubjects.getMessage());
    }

    @Test
    void everyRecipeHasItsDoc() throws Exception {
        try (Stream<Path> recipes = Files.list(RECIPES)) {
            for (Path recipe : recipes.filter(Files::isDirectory).toList()) {
                assertTrue(Files.exists(recipe.resolve("sweep.yaml")), recipe.toString());
                assertFalse(Files.readString(recipe.resolve("README.md")).isBlank(), recipe.toString());
            }
        }
    }
}
