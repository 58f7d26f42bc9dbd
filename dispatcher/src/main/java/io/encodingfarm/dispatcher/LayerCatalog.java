package io.encodingfarm.dispatcher;

import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.ModelCatalogue;
import io.encodingfarm.models.ModelInfo;
import io.encodingfarm.models.lm.Architecture;
import io.encodingfarm.models.lm.CausalLm;
import io.encodingfarm.models.lm.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layer names (and size) a feature set will produce, known before extraction so fits can be
 * planned. A model is looked up as a local directory, then in the store (only its {@code config.json} is
 * fetched, never its weights), then in the model catalogue, so that a sweep can be planned before its
 * checkpoints are downloaded. Models the catalogue marks as not runnable are described but skipped.
 */
final class LayerCatalog {
    static final String BASELINE = "baseline";
    static final String LOCAL = "local checkpoint";
    static final String STORE = "store";
    static final String CATALOGUE = "catalogue";
    /** GloVe files name their width ("glove.6B.300d.txt"); the published English vectors are 300-d. */
    private static final Pattern GLOVE_DIM = Pattern.compile("(\\d+)d\\b");
    private static final int GLOVE_DEFAULT_DIM = 300;

    private final ArtifactStore store;
    private final Path workDir;
    private final ModelCatalogue catalogue = ModelCatalogue.bundled();

    LayerCatalog(ArtifactStore store, Path workDir) {
        this.store = store;
        this.workDir = workDir;
    }

    FeatureSource describe(SweepSpec.FeatureSet set) {
        Map<String, Object> extractor = set.extractor();
        if (extractor.containsKey("baseline")) {
            return new FeatureSource(FeatureSource.Kind.BASELINES, List.of("features"), baselineWidth(extractor), 0, BASELINE, null);
        }
        if (extractor.containsKey("speech_model")) return speechModel(set, extractor.get("speech_model").toString());
        String model = extractor.get("model").toString();
        Object revision = extractor.get("revision");
        FeatureSource.Kind kind = extractor.containsKey("untrained_seed") ? FeatureSource.Kind.UNTRAINED
                : revision != null ? FeatureSource.Kind.CHECKPOINTS : FeatureSource.Kind.MODELS;
        Optional<ModelCatalogue.Entry> entry = catalogue.find(model);
        if (entry.isPresent() && !entry.get().runnable()) {
            return fromCatalogue(kind, entry.get(), entry.get().whyNot());
        }
        Path local = Path.of(model);
        if (Files.isDirectory(local)) {
            Path dir = revision == null ? local : local.resolve(revision.toString());
            ModelInfo info = Extractors.describe(dir);
            return new FeatureSource(kind, Extractors.layerNames(dir), info.hiddenSize(), info.parameterCount(), LOCAL, null);
        }
        String prefix = StoreKeys.model(model);
        if (store.isCommitted(prefix)) {
            String config = (revision == null ? "" : revision + "/") + ModelConfig.FILE;
            Path mirrored = store.mirror(prefix, workDir.resolve(prefix), key -> key.equals(config));
            Path dir = revision == null ? mirrored : mirrored.resolve(revision.toString());
            Architecture architecture = CausalLm.architecture(ModelConfig.read(dir));
            return new FeatureSource(kind, Extractors.layerNames(dir), architecture.hidden(), estimatedParameters(architecture),
                    STORE, null);
        }
        if (entry.isPresent()) return fromCatalogue(kind, entry.get(), null);
        throw new IllegalArgumentException("feature set '" + set.label() + "': model '" + model + "' is not a local directory, "
                + "not in the store (" + prefix + ") and not in the model catalogue; upload it with 'farm model upload DIR --name "
                + model + "'");
    }

    /**
     * A speech checkpoint (Whisper, HuBERT) in the store: its layers from config.json alone; else, to plan
     * before downloading, from the catalogue.
     */
    private FeatureSource speechModel(SweepSpec.FeatureSet set, String model) {
        String prefix = StoreKeys.model(model);
        Optional<ModelCatalogue.Entry> entry = catalogue.find(model);
        if (entry.isPresent() && !entry.get().runnable()) {
            return fromCatalogue(FeatureSource.Kind.MODELS, entry.get(), entry.get().whyNot());
        }
        if (!store.isCommitted(prefix)) {
            if (entry.isPresent()) return fromCatalogue(FeatureSource.Kind.MODELS, entry.get(), null);
            throw new IllegalArgumentException("feature set '" + set.label() + "': speech model '" + model + "' is not in the store ("
                    + prefix + ") nor in the model catalogue; upload it with 'farm model upload DIR --name " + model + "'");
        }
        Path dir = store.mirror(prefix, workDir.resolve(prefix), key -> key.equals(ModelConfig.FILE));
        return new FeatureSource(FeatureSource.Kind.MODELS, Extractors.audioLayerNames(dir), Extractors.audioWidth(dir), 0, STORE,
                null);
    }

    private static FeatureSource fromCatalogue(FeatureSource.Kind kind, ModelCatalogue.Entry entry, String skipReason) {
        return new FeatureSource(kind, entry.layerNames(), entry.hidden(), entry.parameters(), CATALOGUE, skipReason);
    }

    private static int baselineWidth(Map<String, Object> extractor) {
        if (extractor.containsKey("dim")) return ((Number) extractor.get("dim")).intValue();
        Matcher m = GLOVE_DIM.matcher(String.valueOf(extractor.get("path")));
        return m.find() ? Integer.parseInt(m.group(1)) : GLOVE_DEFAULT_DIM;
    }

    /**
     * Embeddings plus attention and MLP projections per block, from the stored checkpoint's config.json (its
     * weights are not fetched to plan): within ~1 % of the stored count for GPT-2, enough to size memory and compute.
     */
    private static long estimatedParameters(Architecture a) {
        long h = a.hidden();
        long attention = 2 * h * (long) a.heads() * a.headDim() + 2 * h * (long) a.kvHeads() * a.headDim();
        long mlp = (a.gatedMlp() ? 3 : 2) * h * a.intermediate();
        return (long) a.vocabSize() * h + a.layers() * (attention + mlp);
    }
}
