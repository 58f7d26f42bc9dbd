package io.encodingfarm.reporter;

import java.util.List;
import java.util.Map;

/**
 * What {@code reports/<sweep>/summary.json} holds: every number of the report, with the provenance
 * needed to trace it (each row names its fit id; {@link Provenance} maps feature sets to extractors,
 * revisions and parameter counts, and holds the dataset, fit settings and code version).
 * Optional numbers (no noise ceiling, single-layer feature sets) are null.
 *
 * @param complete     every planned fit is in; otherwise the numbers are partial
 * @param best         the feature set with the highest best-layer mean r (averaged over subjects)
 * @param byFeatureSet per feature set: best-layer mean r, left, right and L−R, averaged over subjects
 * @param groundTruth  the dataset's planted truth, when it is synthetic
 * @param scores       one row per committed fit (feature set × layer × subject)
 * @param bestLayers   per feature set and subject: each voxel's best layer, summarized
 * @param scaling      fits of scores against ln(parameter count), per model group, subject and metric
 * @param voxelSlopes  per-voxel slope of r on ln N, summarized per model group and subject
 * @param checkpoints  training curves: best-layer scores of one model's checkpoints by training step
 * @param figures      file names under {@code figures/}
 * @param maps         NIfTI map keys relative to the report (e.g. {@code maps/<set>/<subject>/best-r.nii.gz})
 * @param notes        what could not be computed and why
 */
public record SweepReport(int schemaVersion, String sweep, String dataset, boolean complete, int fitsDone,
                          int fitsPlanned, String best, List<FeatureSetSummary> byFeatureSet,
                          Map<String, Object> groundTruth, String generatedAt, List<ScoreRow> scores,
                          List<BestLayerRow> bestLayers, List<LateralizationRow> lateralization,
                          List<ScalingRow> scaling, List<VoxelSlopeRow> voxelSlopes, List<CheckpointRow> checkpoints,
                          Provenance provenance,
                          List<String> figures, List<String> maps, List<String> notes) {

    /**
     * @param kind           {@code trained}, {@code untrained} or {@code baseline}
     * @param bestLayerDepth relative depth (0 = embeddings, 1 = last layer) of the best layer; null for one-layer sets
     */
    public record FeatureSetSummary(String label, String bestLayer, double meanR, double left, double right,
                                    double leftMinusRight, int subjects, String kind, Long parameterCount,
                                    Double bestLayerDepth) {
    }

    /**
     * One fit's summary: a feature set's layer on one subject.
     *
     * @param meanRReliable   mean r over reliable voxels (noise ceiling above its hemisphere's 75th percentile)
     * @param meanRNormalized mean of r / noise ceiling over voxels with a positive ceiling
     */
    public record ScoreRow(String label, String layer, int layerIndex, int layerCount, Double relativeDepth,
                           String subject, String fitId, int nVoxels, double meanR, Double meanRReliable,
                           Double meanRNormalized, double left, double right, double leftMinusRight) {
    }

    /** Mean left and right score of one fit under one voxel selection ({@code variant}). */
    public record LateralizationRow(String label, String layer, String subject, String fitId, String variant,
                                    double left, double right, double leftMinusRight, int nLeft, int nRight) {
    }

    /** Each voxel's best layer for one feature set and subject: mean best r and mean relative depth. */
    public record BestLayerRow(String label, String subject, int layersFitted, double meanBestR,
                               Double meanBestDepth, Double meanBestRNormalized) {
    }

    /**
     * One coefficient of a scaling fit. {@code fit} is {@code log_linear} (metric on ln N: estimate is the
     * slope, with r, R², two-sided p and a bootstrap 95 % interval) or {@code multiple_ols} (metric on
     * [ln N, n_layers, hidden]: one row per term with its standard error and p).
     */
    public record ScalingRow(String fit, String group, String subject, String metric, String term, int nModels,
                             double estimate, Double intercept, Double stdError, double p, Double r, double r2,
                             Double ciLow, Double ciHigh) {
    }

    /** Per-voxel slopes of best-layer r on ln N: their mean, laterality and the fraction with p &lt; 0.05. */
    public record VoxelSlopeRow(String group, String subject, int nModels, double meanSlope, double slopeLeft,
                                double slopeRight, double slopeLeftMinusRight, double fractionSignificant) {
    }

    /** One checkpoint of a training curve: its best layer's scores, averaged over subjects. */
    public record CheckpointRow(String model, String label, long trainingStep, String bestLayer, double meanR,
                                double left, double right, double leftMinusRight) {
    }

    /** Where the numbers come from. */
    public record Provenance(String codeVersion, Map<String, Object> dataset, List<Object> fitSettings,
                             List<FeatureSetProvenance> featureSets) {
    }

    /**
     * @param extractor the extractor spec the features were made with (model, revision, baseline, seed, …)
     */
    public record FeatureSetProvenance(String label, String kind, String extraction, Map<String, Object> extractor,
                                       Long parameterCount, Integer hiddenSize) {
    }
}
