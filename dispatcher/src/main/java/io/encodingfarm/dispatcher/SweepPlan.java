package io.encodingfarm.dispatcher;

import io.encodingfarm.dispatcher.sweep.SweepSpec;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.SweepManifest;
import java.util.List;
import java.util.function.Predicate;

/**
 * A sweep expanded: the manifest to submit, and what a dry run reports beside it (every listed feature
 * set with its size, including those skipped, the problem size, and notes on what was assumed).
 *
 * @param data   the problem size, or null when the dataset is neither stored nor a known published one
 * @param notes  what the plan assumed or skipped, one sentence each
 */
public record SweepPlan(SweepManifest manifest, List<PlannedSet> sets, List<String> subjects, DatasetShape data,
                 List<String> notes) {
    public SweepPlan {
        sets = List.copyOf(sets);
        subjects = List.copyOf(subjects);
        notes = List.copyOf(notes);
    }

    /**
     * Counts over the feature sets {@code which} selects: listed (with their layers), skipped (with theirs),
     * and the extraction and fit tasks planned for the rest.
     */
    public Tally tally(Predicate<PlannedSet> which) {
        List<PlannedSet> listed = sets.stream().filter(which).toList();
        List<PlannedSet> skipped = listed.stream().filter(PlannedSet::skipped).toList();
        int layers = layers(listed), skippedLayers = layers(skipped);
        return new Tally(listed.size(), layers, skipped.size(), skippedLayers, listed.size() - skipped.size(),
                (layers - skippedLayers) * subjects.size());
    }

    private static int layers(List<PlannedSet> sets) {
        return sets.stream().mapToInt(s -> s.fitLayers().size()).sum();
    }

    /** What {@link #tally} counts. */
    public record Tally(int listed, int layers, int skipped, int skippedLayers, int extractions, int fits) {
    }

    /**
     * One listed feature set.
     *
     * @param fitLayers   the layers selected for fitting
     * @param extraction  its extraction task, or null when the set is skipped
     */
    public record PlannedSet(SweepSpec.FeatureSet set, FeatureSource source, List<String> fitLayers, ExtractionTask extraction) {
        public PlannedSet {
            fitLayers = List.copyOf(fitLayers);
        }

        public boolean skipped() {
            return extraction == null;
        }
    }
}
