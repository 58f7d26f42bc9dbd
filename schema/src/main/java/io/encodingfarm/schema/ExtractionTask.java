package io.encodingfarm.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turn a dataset's words into per-layer features with one extractor. The features depend only on
 * (dataset, extractor), so only those enter the id; the fits to post afterwards ride along.
 *
 * @param extractor  the feature source, e.g. {baseline: random-embeddings, dim: 32, seed: 1}
 * @param label      human name of the feature set, used in reports
 * @param subjects   subjects to fit once the features exist
 * @param fitLayers  names of the layers to fit (every layer is extracted and stored regardless)
 * @param fit        fit settings for those fits
 */
public record ExtractionTask(int schemaVersion, String id, String sweep, String dataset, Map<String, Object> extractor,
                             String label, List<String> subjects, List<String> fitLayers, FitSettings fit) {
    public ExtractionTask {
        extractor = new TreeMap<>(extractor);
        subjects = List.copyOf(subjects);
        fitLayers = List.copyOf(fitLayers);
    }

    public static ExtractionTask create(String sweep, String dataset, Map<String, Object> extractor, String label,
                                        List<String> subjects, List<String> fitLayers, FitSettings fit) {
        String id = ContentId.of("ext", Map.of("dataset", dataset, "extractor", new TreeMap<>(extractor)));
        return new ExtractionTask(SchemaVersion.CURRENT, id, sweep, dataset, extractor, label, subjects, fitLayers, fit);
    }

    /** The store prefix under which this task's features are committed. */
    @JsonIgnore
    public String artifactPrefix() {
        return artifactPrefixOf(id);
    }

    /** The store prefix of the artifact of the task with this id. */
    public static String artifactPrefixOf(String id) {
        return "features/" + id + "/";
    }

    /** The fit task for one layer and subject of this extraction. */
    public FitTask fitTask(String layer, String subject) {
        return FitTask.create(sweep, dataset, subject, id, label, layer, fit);
    }
}
