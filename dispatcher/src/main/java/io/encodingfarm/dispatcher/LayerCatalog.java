package io.encodingfarm.dispatcher;

import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.models.Extractors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The layer names a feature set will produce, known before extraction so fits can be planned. For a
 * model only its {@code config.json} is fetched, never its weights.
 */
final class LayerCatalog {
    private final ArtifactStore store;
    private final Path workDir;

    LayerCatalog(ArtifactStore store, Path workDir) {
        this.store = store;
        this.workDir = workDir;
    }

    List<String> layerNames(SweepSpec.FeatureSet set) {
        if (set.extractor().containsKey("baseline")) return List.of("features");
        String model = set.extractor().get("model").toString();
        Object revision = set.extractor().get("revision");
        Path dir = Path.of(model);
        if (!Files.isDirectory(dir)) {
            String prefix = StoreKeys.model(model);
            String config = (revision == null ? "" : revision + "/") + "config.json";
            dir = store.mirror(prefix, workDir.resolve(prefix), key -> key.equals(config));
        }
        return Extractors.layerNames(revision == null ? dir : dir.resolve(revision.toString()));
    }
}
