package io.encodingfarm.schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * Fit one layer of one feature set to one subject's responses.
 *
 * @param features  id of the extraction whose artifact holds the features
 * @param label     feature-set name carried for reports (not part of the id)
 */
public record FitTask(int schemaVersion, String id, String sweep, String dataset, String subject, String features,
                      String label, String layer, FitSettings fit) {

    public static FitTask create(String sweep, String dataset, String subject, String features, String label,
                                 String layer, FitSettings fit) {
        String id = ContentId.of("fit", Map.of("dataset", dataset, "subject", subject, "features", features,
                "layer", layer, "fit", fit));
        return new FitTask(SchemaVersion.CURRENT, id, sweep, dataset, subject, features, label, layer, fit);
    }

    @JsonIgnore
    public String artifactPrefix() {
        return artifactPrefixOf(id);
    }

    /** The store prefix of the artifact of the task with this id. */
    public static String artifactPrefixOf(String id) {
        return "fits/" + id + "/";
    }
}
