package io.encodingfarm.dispatcher;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.dispatcher.sweep.SweepFileException;
import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.models.ModelCatalogue;
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
 * subject. Ids are content hashes, so the same sweep always expands to the same ids. Feature sets whose
 * model the catalogue marks as not runnable are listed in the plan but get no tasks.
 */
public final class SweepPlanner {
    private final ArtifactStore store;
    private final LayerCatalog layers;

    public SweepPlanner(ArtifactStore store, Path workDir) {
        this.store = store;
        this.layers = new LayerCatalog(store, workDir);
    }

    /** The manifest to submit: the dataset and every runnable model must be in the store (or local). */
    public SweepManifest plan(SweepSpec spec) {
        return expand(spec, false).manifest();
    }

    /**
     * Expands the sweep. With {@code withoutData} (dry runs) a dataset not yet in the store is planned for
     * the subjects the sweep lists, and models not yet in the store are sized from the model catalogue.
     */
    public SweepPlan expand(SweepSpec spec, boolean withoutData) {
        List<String> notes = new ArrayList<>();
        DatasetMeta meta = dataset(spec, withoutData);
        List<String> subjects;
        DatasetShape shape;
        if (meta == null) {
            if (spec.subjects().isEmpty()) {
                throw new SweepFileException(spec.name(), 0, "dataset '" + spec.dataset() + "' is not in the store ("
                        + store.describe() + "), so its subjects are unknown: list them in the sweep file (e.g. "
                        + "'subjects: [average]') to plan without it, or import the dataset first");
            }
            subjects = spec.subjects();
            shape = DatasetShape.expected(spec.dataset()).orElse(null);
            notes.add("dataset " + spec.dataset() + " is not in the store yet: planned for the subjects the sweep file lists "
                    + subjects + " (not checked against the data)");
        } else {
            subjects = spec.subjects().isEmpty() ? meta.subjects() : spec.subjects();
            for (String subject : subjects) {
                if (!meta.subjects().contains(subject)) {
                    throw new SweepFileException(spec.name(), 0, "subject '" + subject + "' is not in dataset " + spec.dataset()
                            + " (it has " + meta.subjects() + ")");
                }
            }
            shape = DatasetShape.of(spec.dataset(), meta, store);
        }
        if (shape == null) {
            notes.add("no size is known for dataset " + spec.dataset() + ": compute and wall time are not estimated");
        }
        List<String> fromCatalogue = new ArrayList<>();
        List<SweepPlan.PlannedSet> sets = new ArrayList<>();
        List<ExtractionTask> extractions = new ArrayList<>();
        List<PlannedFit> fits = new ArrayList<>();
        for (SweepSpec.FeatureSet set : spec.featureSets()) {
            FeatureSource source = layers.describe(set);
            List<String> selected = selectedLayers(spec, set, source.layers());
            if (!source.runnable()) {
                sets.add(new SweepPlan.PlannedSet(set, source, selected, null));
                continue;
            }
            if (source.catalogueOnly()) {
                String model = set.extractor().getOrDefault("model", set.extractor().get("speech_model")).toString();
                if (!withoutData) {
                    throw new IllegalArgumentException("feature set '" + set.label() + "': model '" + model + "' is not in the store ("
                            + StoreKeys.model(model) + "); download " + "huggingface.co/" + ModelCatalogue.bundled().get(model).hfRepo() + " and upload it with "
                            + "'farm model upload DIR --name " + model + "'");
                }
                if (!fromCatalogue.contains(model)) fromCatalogue.add(model);
            }
            ExtractionTask extraction = ExtractionTask.create(spec.name(), spec.dataset(), set.extractor(), set.label(),
                    subjects, selected, spec.fit());
            sets.add(new SweepPlan.PlannedSet(set, source, selected, extraction));
            extractions.add(extraction);
            for (String layer : selected) {
                for (String subject : subjects) {
                    FitTask fit = extraction.fitTask(layer, subject);
                    fits.add(new PlannedFit(fit.id(), extraction.id(), set.label(), layer, source.layers().indexOf(layer),
                            source.layers().size(), subject));
                }
            }
        }
        if (!fromCatalogue.isEmpty()) {
            notes.add(fromCatalogue.size() + " models are not in the store yet, so their layers come from the model catalogue: "
                    + String.join(", ", fromCatalogue) + " (upload each with 'farm model upload DIR --name ID' before submitting)");
        }
        SweepManifest manifest = new SweepManifest(SchemaVersion.CURRENT, spec.name(), spec.dataset(), Instant.now().toString(),
                extractions, fits);
        return new SweepPlan(manifest, sets, subjects, shape, notes);
    }

    private DatasetMeta dataset(SweepSpec spec, boolean mayBeAbsent) {
        String prefix = StoreKeys.dataset(spec.dataset());
        if (!store.isCommitted(prefix)) {
            if (mayBeAbsent) return null;
            throw new SweepFileException(spec.name(), 0, "dataset '" + spec.dataset() + "' is not in the store ("
                    + store.describe() + "); import it with 'farm dataset import' or generate one with 'farm dataset synth'");
        }
        try {
            return DatasetMeta.fromJson(new String(store.get(prefix + "dataset.json"), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("dataset.json of " + spec.dataset() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static List<String> selectedLayers(SweepSpec spec, SweepSpec.FeatureSet set, List<String> all) {
        if (set.layers().isEmpty()) return all;
        List<String> selected = new ArrayList<>();
        for (int index : set.layers()) {
            if (index >= all.size()) {
                throw new SweepFileException(spec.name(), set.line(), "feature set '" + set.label() + "' has "
                        + all.size() + " layers (0.." + (all.size() - 1) + "), layer " + index + " does not exist");
            }
            selected.add(all.get(index));
        }
        return selected;
    }

    public static Path workDir(io.encodingfarm.core.config.FarmConfig config) {
        return Path.of(config.get(ConfigKey.WORK_DIR));
    }
}
