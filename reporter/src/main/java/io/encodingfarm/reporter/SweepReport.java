package io.encodingfarm.reporter;

import java.util.List;
import java.util.Map;

/**
 * What {@code reports/<sweep>/summary.json} holds.
 *
 * @param complete     every planned fit is in; otherwise the numbers are partial
 * @param best         the feature set with the highest best-layer mean r (averaged over subjects)
 * @param byFeatureSet per feature set: best-layer mean r, left, right and L−R, averaged over subjects
 * @param groundTruth  the dataset's planted truth, when it is synthetic
 */
public record SweepReport(int schemaVersion, String sweep, String dataset, boolean complete, int fitsDone,
                          int fitsPlanned, String best, List<FeatureSetSummary> byFeatureSet,
                          Map<String, Object> groundTruth, String generatedAt) {

    public record FeatureSetSummary(String label, String bestLayer, double meanR, double left, double right,
                                    double leftMinusRight, int subjects) {
    }
}
