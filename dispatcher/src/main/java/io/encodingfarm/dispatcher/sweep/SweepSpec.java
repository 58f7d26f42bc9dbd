package io.encodingfarm.dispatcher.sweep;

import io.encodingfarm.schema.FitSettings;
import java.util.List;
import java.util.Map;

/**
 * A parsed sweep file: which dataset and subjects, which feature sets, how to fit.
 *
 * @param subjects  subject names, or empty for every subject of the dataset
 */
public record SweepSpec(String name, String dataset, List<String> subjects, List<FeatureSet> featureSets,
                        FitSettings fit, String text) {

    /**
     * One feature source: a baseline or a model, with the extractor settings that determine its
     * features. {@code layers} empty means every layer.
     */
    public record FeatureSet(String label, Map<String, Object> extractor, List<Integer> layers, int line) {
    }
}
