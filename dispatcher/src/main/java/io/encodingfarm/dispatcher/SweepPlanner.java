package io.encodingfarm.dispatcher;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.dispatcher.sweep.SweepFileException;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands a sweep into its tasks: one extraction per feature set, one fit per selected layer and
 * subject. Ids are content hashes, so the same sweep always expands to the same ids.
 */
final class SweepPlanner {
    private final ArtifactStore store;
    private final LayerCatalog layers;

    SweepPlanner(ArtifactStore store, Path workDir) {
        this.store = store;
        this.layers = new LayerCatalog(store, workDir);
    }

    SweepManifest plan(SweepSpec spec) {
        String datasetPrefix = StoreKeys.dataset(spec.dataset());
        if (!store.isCommitted(datasetPrefix)) {
            throw new SweepFileException(spec.name(), 0, "dataset '" + spec.dataset() + "' is not in the store ("
                    + store.describe() + "); import it with 'farm dataset import' or generate one with 'farm dataset synth'");
        }
        DatasetMeta meta;
        try {
            meta = DatasetMeta.fromJson(new String(store.get(datasetPrefix + "dataset.json"), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dataset.json of " + spec.dataset() + " is unreadable: " + e.getMessage(), e);
        }
        List<String> subjects = spec.subjects().isEmpty() ? meta.subjects() : spec.subjects();
        for (String subject : subjects) {
            if (!meta.subjects().contains(subject)) {
                throw new SweepFileException(spec.name(), 0, "subject '" + subject + "' is not in dataset " + spec.dataset()
                        + " (it has " + meta.subjects() + ")");
            }
        }
        List<ExtractionTask> extractions = new ArrayList<>();
        List<PlannedFit> fits = new ArrayList<>();
        for (SweepSpec.FeatureSet set : spec.featureSets()) {
            List<String> all = layers.layerNames(set);
            List<String> selected = new ArrayList<>();
            if (set.layers().isEmpty()) {
                selected.addAll(all);
            } else {
                for (int index : set.layers()) {
                    if (index >= all.size()) {
                        throw new SweepFileException(spec.name(), set.line(), "feature set '" + set.label() + "' has "
                                + all.size() + " layers (0.." + (all.size() - 1) + "), layer " + index + " does not exist");
                    }
                    selected.add(all.get(index));
                }
            }
            ExtractionTask extraction = ExtractionTask.create(spec.name(), spec.dataset(), set.extractor(), set.label(),
                    subjects, selected, spec.fit());
            extractions.add(extraction);
            for (String layer : selected) {
                for (String subject : subjects) {
                    FitTask fit = extraction.fitTask(layer, subject);
                    fits.add(new PlannedFit(fit.id(), extraction.id(), set.label(), layer, all.indexOf(layer), all.size(),
                            subject));
                }
            }
        }
        return new SweepManifest(SchemaVersion.CURRENT, spec.name(), spec.dataset(), Instant.now().toString(), extractions,
                fits);
    }

    static Path workDir(io.encodingfarm.core.config.FarmConfig config) {
        return Path.of(config.get(ConfigKey.WORK_DIR));
    }
}
