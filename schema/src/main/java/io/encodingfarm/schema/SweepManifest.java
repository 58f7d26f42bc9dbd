package io.encodingfarm.schema;

import java.util.List;

/**
 * The expanded plan of a sweep, written to {@code sweeps/<name>/manifest.json} at submission: every
 * extraction and every fit it expects. Progress and reports are computed against this list.
 */
public record SweepManifest(int schemaVersion, String sweep, String dataset, String submittedAt,
                            List<ExtractionTask> extractions, List<PlannedFit> fits) {
    public SweepManifest {
        extractions = List.copyOf(extractions);
        fits = List.copyOf(fits);
    }

    /** One expected fit, with what a report needs to place its scores. */
    public record PlannedFit(String id, String extraction, String label, String layer, int layerIndex, int layerCount,
                             String subject) {
    }
}
