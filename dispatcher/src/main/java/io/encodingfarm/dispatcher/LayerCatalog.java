package io.encodingfarm.dispatcher;

import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.List;

/** The layer names a feature set will produce, known before extraction so fits can be planned. */
final class LayerCatalog {
    private final ArtifactStore store;
    private final Path workDir;

    LayerCatalog(ArtifactStore store, Path workDir) {
        this.store = store;
        this.workDir = workDir;
    }

    List<String> layerNames(SweepSpec.FeatureSet set) {
        if (set.extractor().containsKey("baseline")) return List.of("features");
        throw new IllegalArgumentException("feature set '" + set.label() + "': model feature sets are not supported yet");
    }
}
