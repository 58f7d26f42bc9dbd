package io.encodingfarm.reporter;

import io.encodingfarm.reporter.SweepReport.BestLayerRow;
import io.encodingfarm.reporter.SweepReport.CheckpointRow;
import io.encodingfarm.reporter.SweepReport.FeatureSetSummary;
import io.encodingfarm.reporter.SweepReport.LateralizationRow;
import io.encodingfarm.reporter.SweepReport.ScalingRow;
import io.encodingfarm.reporter.SweepReport.ScoreRow;
import io.encodingfarm.reporter.SweepReport.VoxelSlopeRow;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import io.encodingfarm.science.Laterality;
import io.encodingfarm.science.Lateralization;
import io.encodingfarm.science.NoiseCeiling;
import io.encodingfarm.science.Scaling;
import io.encodingfarm.science.Summaries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every number of a report, computed from arrays alone — per-voxel scores, voxel coordinates, optional
 * ceilings and ROI masks — with the science core. No store or broker is involved, so planted inputs
 * can be checked directly; {@link ReportBuilder} gathers the arrays from the store.
 */
public final class SweepAnalysis {
    /** Reliable voxels: noise ceiling above this percentile of their hemisphere's ceilings. */
    public static final double RELIABLE_PERCENTILE = 75;
    /** "Top 10 %" lateralization: voxels at or above this percentile of their hemisphere's scores. */
    public static final double TOP_PERCENTILE = 90;
    public static final double SIGNIFICANCE = 0.05;
    public static final int BOOTSTRAPS = 1000;
    /** Fixed so that rebuilding a report reproduces its bootstrap intervals exactly. */
    public static final long BOOTSTRAP_SEED = 20230501L;
    /** Subject name of the rows averaged over the fitted subjects. */
    public static final String MEAN_SUBJECT = "mean-over-subjects";
    /** Intercept, ln N, n_layers and hidden: the multiple OLS needs more models than this. */
    private static final int MULTIPLE_OLS_TERMS = 4;

    public static final String TRAINED = "trained";
    public static final String UNTRAINED = "untrained";
    public static final String BASELINE = "baseline";

    static final String VARIANT_ALL = "all";
    static final String VARIANT_RELIABLE = "reliable";
    static final String VARIANT_TOP = "top10";
    static final String VARIANT_NORMALIZED = "ceiling_normalized";
    static final String ROI_PREFIX = "roi:";

    /**
     * The dataset's voxels.
     *
     * @param mni      V × 3 MNI coordinates (mm)
     * @param gridMm   voxel size, for matching ROI mirror images
     * @param ceilings per subject, the noise ceiling cc_max of each voxel (subjects without one are absent)
     * @param rois     per ROI name, its left-hemisphere mask in voxel order (mirrors are derived)
     */
    public record Voxels(float[][] mni, double gridMm, Map<String, double[]> ceilings, Map<String, boolean[]> rois) {
        public Voxels {
            ceilings = Map.copyOf(ceilings);
            rois = new LinkedHashMap<>(rois);
        }

        float[] x() {
            float[] x = new float[mni.length];
            for (int v = 0; v < x.length; v++) x[v] = mni[v][0];
            return x;
        }
    }

    /**
     * What a report knows of a feature set beyond its fits.
     *
     * @param kind           {@link #TRAINED}, {@link #UNTRAINED} or {@link #BASELINE}
     * @param parameterCount null for baselines, which are shown beside the scaling fits, not in them
     * @param hiddenSize     feature width, for the multiple OLS on [ln N, n_layers, hidden]; may be null
     * @param model          the checkpoint the features come from (null for baselines)
     * @param trainingStep   the training step of that checkpoint, when known: feature sets of one model at
     *                       several steps make a training curve
     */
    public record FeatureSet(String label, String kind, Long parameterCount, Integer hiddenSize, String model,
                             Long trainingStep) {
        public FeatureSet(String label, String kind, Long parameterCount, Integer hiddenSize) {
            this(label, kind, parameterCount, hiddenSize, null, null);
        }
    }

    /** One committed fit: where the manifest placed it and its per-voxel scores. */
    public record Fit(PlannedFit plan, float[] scores) {
    }

    /** A per-voxel map to write as NIfTI: {@code owner} is a feature set label or {@code scaling-<group>}. */
    public record VoxelMap(String owner, String subject, String kind, float[] values) {
    }

    public record Result(List<ScoreRow> scores, List<FeatureSetSummary> byFeatureSet, List<BestLayerRow> bestLayers,
                         List<LateralizationRow> lateralization, List<ScalingRow> scaling,
                         List<VoxelSlopeRow> voxelSlopes, List<CheckpointRow> checkpoints, List<VoxelMap> maps,
                         List<String> notes) {
    }

    private final Voxels voxels;
    private final float[] x;
    private final Map<String, FeatureSet> featureSets;
    private final Map<String, boolean[]> mirrors = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final List<ScoreRow> scores = new ArrayList<>();
    private final List<LateralizationRow> lateralization = new ArrayList<>();
    private final List<BestLayerRow> bestLayers = new ArrayList<>();
    private final List<ScalingRow> scaling = new ArrayList<>();
    private final List<VoxelSlopeRow> voxelSlopes = new ArrayList<>();
    private final List<VoxelMap> maps = new ArrayList<>();
    /** label → subject → layer → metric → value: what the scaling fits pick their points from. */
    private final Map<String, Map<String, Map<String, Map<String, Double>>>> points = new LinkedHashMap<>();
    /** label → subject → per-voxel best-layer r. */
    private final Map<String, Map<String, float[]>> bestPerVoxel = new LinkedHashMap<>();

    private SweepAnalysis(Voxels voxels, Map<String, FeatureSet> featureSets) {
        this.voxels = voxels;
        this.x = voxels.x();
        this.featureSets = featureSets;
    }

    /**
     * @param featureSets by label; a label of a fit without an entry counts as a baseline
     * @param fits        the committed fits, in manifest order
     */
    public static Result analyze(Voxels voxels, Map<String, FeatureSet> featureSets, List<Fit> fits) {
        SweepAnalysis analysis = new SweepAnalysis(voxels, featureSets);
        analysis.deriveMirrors();
        for (Fit fit : fits) analysis.scoreFit(fit);
        List<FeatureSetSummary> byFeatureSet = analysis.summarize();
        analysis.bestLayerPerVoxel(fits);
        for (String group : List.of(TRAINED, UNTRAINED)) analysis.scalingFits(group, byFeatureSet);
        return new Result(List.copyOf(analysis.scores), byFeatureSet, List.copyOf(analysis.bestLayers),
                List.copyOf(analysis.lateralization), List.copyOf(analysis.scaling), List.copyOf(analysis.voxelSlopes),
                analysis.checkpoints(byFeatureSet), List.copyOf(analysis.maps), List.copyOf(analysis.notes));
    }

    /** The feature set with the highest best-layer mean r, or null when there is none. */
    public static String best(List<FeatureSetSummary> byFeatureSet) {
        return byFeatureSet.stream().max(Comparator.comparingDouble(FeatureSetSummary::meanR))
                .map(FeatureSetSummary::label).orElse(null);
    }

    private void deriveMirrors() {
        voxels.rois().forEach((name, left) -> {
            if (left.length != x.length) {
                throw new IllegalArgumentException("ROI " + name + " has " + left.length + " voxels but the dataset has "
                        + x.length + ": ROI masks must be on the dataset's mask grid");
            }
            mirrors.put(name, Lateralization.mirror(left, voxels.mni(), voxels.gridMm()));
        });
    }

    /** Training curves: the best-layer summaries of each model's checkpoints, by step, for models with ≥ 2 steps. */
    private List<CheckpointRow> checkpoints(List<FeatureSetSummary> byFeatureSet) {
        Map<String, List<CheckpointRow>> byModel = new LinkedHashMap<>();
        for (FeatureSetSummary s : byFeatureSet) {
            FeatureSet set = featureSet(s.label());
            if (set.model() == null || set.trainingStep() == null) continue;
            byModel.computeIfAbsent(set.model(), k -> new ArrayList<>()).add(new CheckpointRow(set.model(), s.label(),
                    set.trainingStep(), s.bestLayer(), s.meanR(), s.left(), s.right(), s.leftMinusRight()));
        }
        return byModel.values().stream().filter(steps -> steps.size() >= 2)
                .flatMap(steps -> steps.stream().sorted(Comparator.comparingLong(CheckpointRow::trainingStep))).toList();
    }

    private void scoreFit(Fit fit) {
        PlannedFit plan = fit.plan();
        float[] r = fit.scores();
        if (r.length != x.length) {
            throw new IllegalArgumentException("fit " + plan.id() + " (" + plan.label() + ", " + plan.layer() + ", "
                    + plan.subject() + ") has " + r.length + " scores but the dataset has " + x.length
                    + " voxels: was it fitted on another dataset version?");
        }
        double[] ceiling = voxels.ceilings().get(plan.subject());
        Map<String, Laterality> variants = new LinkedHashMap<>();
        variant(variants, plan, VARIANT_ALL, () -> Lateralization.leftMinusRight(r, x));
        variant(variants, plan, VARIANT_TOP, () -> Lateralization.topPercentile(r, x, TOP_PERCENTILE));
        if (ceiling != null) {
            variant(variants, plan, VARIANT_RELIABLE, () -> Lateralization.reliable(r, x, ceiling, RELIABLE_PERCENTILE));
            variant(variants, plan, VARIANT_NORMALIZED, () -> Lateralization.ceilingNormalized(r, x, ceiling));
        }
        mirrors.forEach((roi, right) -> variant(variants, plan, ROI_PREFIX + roi,
                () -> Lateralization.roiPair(r, voxels.rois().get(roi), right)));

        Laterality all = variants.get(VARIANT_ALL);
        Double reliableMean = pooledMean(variants.get(VARIANT_RELIABLE));
        Double normalizedMean = ceiling == null ? null : meanWhere(NoiseCeiling.normalize(r, ceiling), ceiling);
        double meanR = mean(r);
        scores.add(new ScoreRow(plan.label(), plan.layer(), plan.layerIndex(), plan.layerCount(), relativeDepth(plan),
                plan.subject(), plan.id(), r.length, meanR, reliableMean, normalizedMean,
                all == null ? Double.NaN : all.left(), all == null ? Double.NaN : all.right(),
                all == null ? Double.NaN : all.leftMinusRight()));

        Map<String, Double> point = new LinkedHashMap<>();
        point.put("mean_r", meanR);
        point.put("mean_r_reliable", reliableMean);
        point.put("mean_r_normalized", normalizedMean);
        if (all != null) {
            point.put("left", all.left());
            point.put("right", all.right());
        }
        variants.forEach((name, lat) -> point.put("left_minus_right" + (name.equals(VARIANT_ALL) ? "" : "[" + name + "]"),
                lat.leftMinusRight()));
        point.values().removeIf(Objects::isNull);
        points.computeIfAbsent(plan.label(), k -> new LinkedHashMap<>())
                .computeIfAbsent(plan.subject(), k -> new LinkedHashMap<>()).put(plan.layer(), point);
    }

    private void variant(Map<String, Laterality> out, PlannedFit plan, String name, Supplier<Laterality> compute) {
        try {
            Laterality lat = compute.get();
            out.put(name, lat);
            lateralization.add(new LateralizationRow(plan.label(), plan.layer(), plan.subject(), plan.id(), name,
                    lat.left(), lat.right(), lat.leftMinusRight(), lat.nLeft(), lat.nRight()));
        } catch (IllegalArgumentException e) {
            notes.add("lateralization '" + name + "' of " + plan.label() + " " + plan.layer() + " " + plan.subject()
                    + " skipped: " + e.getMessage());
        }
    }

    /** Per feature set: the layer with the best subject-averaged mean r, and its laterality. */
    private List<FeatureSetSummary> summarize() {
        Map<String, Map<String, List<ScoreRow>>> byLabelAndLayer = scores.stream().collect(Collectors.groupingBy(
                ScoreRow::label, LinkedHashMap::new, Collectors.groupingBy(ScoreRow::layer, LinkedHashMap::new,
                        Collectors.toList())));
        List<FeatureSetSummary> out = new ArrayList<>();
        byLabelAndLayer.forEach((label, layers) -> {
            FeatureSet set = featureSet(label);
            FeatureSetSummary best = null;
            for (Map.Entry<String, List<ScoreRow>> layer : layers.entrySet()) {
                List<ScoreRow> subjects = layer.getValue();
                FeatureSetSummary candidate = new FeatureSetSummary(label, layer.getKey(),
                        average(subjects, ScoreRow::meanR), average(subjects, ScoreRow::left),
                        average(subjects, ScoreRow::right), average(subjects, ScoreRow::leftMinusRight), subjects.size(),
                        set.kind(), set.parameterCount(), subjects.get(0).relativeDepth());
                if (best == null || candidate.meanR() > best.meanR()) best = candidate;
            }
            out.add(best);
        });
        return out;
    }

    /** Per feature set and subject, each voxel's best layer (first on ties) and its relative depth. */
    private void bestLayerPerVoxel(List<Fit> fits) {
        Map<String, Map<String, List<Fit>>> grouped = fits.stream().collect(Collectors.groupingBy(
                f -> f.plan().label(), LinkedHashMap::new, Collectors.groupingBy(f -> f.plan().subject(),
                        LinkedHashMap::new, Collectors.toList())));
        grouped.forEach((label, subjects) -> subjects.forEach((subject, layerFits) -> {
            List<Fit> ordered = layerFits.stream().sorted(Comparator.comparingInt(f -> f.plan().layerIndex())).toList();
            float[][] layerScores = ordered.stream().map(Fit::scores).toArray(float[][]::new);
            Summaries.BestLayer best = Summaries.bestLayer(layerScores);
            bestPerVoxel.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(subject, best.score());
            maps.add(new VoxelMap(label, subject, "best-r", best.score()));

            Double meanDepth = null;
            if (ordered.get(0).plan().layerCount() > 1) {
                float[] depth = new float[best.layer().length];
                for (int v = 0; v < depth.length; v++) depth[v] = relativeDepth(ordered.get(best.layer()[v]).plan()).floatValue();
                meanDepth = mean(depth);
                maps.add(new VoxelMap(label, subject, "best-depth", depth));
            }
            Double meanNormalized = null;
            double[] ceiling = voxels.ceilings().get(subject);
            if (ceiling != null) {
                float[] normalized = NoiseCeiling.normalize(best.score(), ceiling);
                meanNormalized = meanWhere(normalized, ceiling);
                maps.add(new VoxelMap(label, subject, "best-r-normalized", normalized));
            }
            bestLayers.add(new BestLayerRow(label, subject, ordered.size(), best.modelScore(), meanDepth, meanNormalized));
        }));
    }

    /**
     * Scores against ln N over the feature sets of one group that carry a parameter count: every metric
     * at each model's best layer, per subject and averaged over subjects; then per-voxel slopes.
     */
    private void scalingFits(String group, List<FeatureSetSummary> byFeatureSet) {
        List<FeatureSetSummary> models = byFeatureSet.stream()
                .filter(s -> group.equals(s.kind()) && s.parameterCount() != null).toList();
        if (models.isEmpty()) return;
        if (models.size() < 3 || models.stream().map(FeatureSetSummary::parameterCount).distinct().count() < 2) {
            notes.add("no scaling fit for " + group + " models: " + models.size() + " with parameter counts, "
                    + "at least 3 with 2 different counts are needed");
            return;
        }
        double[] n = models.stream().mapToDouble(s -> s.parameterCount().doubleValue()).toArray();
        boolean widthsKnown = models.stream().allMatch(m -> featureSet(m.label()).hiddenSize() != null);
        boolean multiple = widthsKnown && models.size() > MULTIPLE_OLS_TERMS;
        if (widthsKnown && !multiple) {
            notes.add("no multiple OLS on [ln N, n_layers, hidden] for " + group + " models: " + models.size()
                    + " models, at least " + (MULTIPLE_OLS_TERMS + 1) + " are needed");
        }
        List<String> subjects = points.get(models.get(0).label()).keySet().stream()
                .filter(subject -> models.stream().allMatch(m -> points.get(m.label()).containsKey(subject))).toList();
        for (String subject : subjects) {
            List<Map<String, Double>> atBest = models.stream().map(m -> bestLayerPoint(points.get(m.label()).get(subject))).toList();
            fitMetrics(group, subject, n, atBest, models, multiple);
            voxelSlopes(group, subject, n, models);
        }
        List<Map<String, Double>> averaged = models.stream().map(m -> averagedPoint(m.label(), m.bestLayer())).toList();
        fitMetrics(group, MEAN_SUBJECT, n, averaged, models, multiple);
    }

    private void fitMetrics(String group, String subject, double[] n, List<Map<String, Double>> modelPoints,
                            List<FeatureSetSummary> models, boolean multiple) {
        for (String metric : modelPoints.get(0).keySet()) {
            if (!modelPoints.stream().allMatch(p -> p.containsKey(metric))) continue;
            double[] y = modelPoints.stream().mapToDouble(p -> p.get(metric)).toArray();
            try {
                Scaling.ScalingFit fit = Scaling.logFit(n, y, BOOTSTRAPS, BOOTSTRAP_SEED);
                scaling.add(new ScalingRow("log_linear", group, subject, metric, "ln_n", n.length, fit.slope(),
                        fit.intercept(), null, fit.p(), fit.r(), fit.r2(), fit.slopeCiLow(), fit.slopeCiHigh()));
            } catch (IllegalArgumentException e) {
                notes.add("scaling fit of " + metric + " for " + group + " models, " + subject + ": " + e.getMessage());
            }
        }
        if (multiple) multipleOls(group, subject, n, modelPoints, models);
    }

    /** metric ~ ln N + n_layers + hidden (every model's width known, more models than coefficients). */
    private void multipleOls(String group, String subject, double[] n, List<Map<String, Double>> modelPoints,
                             List<FeatureSetSummary> models) {
        List<FeatureSet> sets = models.stream().map(m -> featureSet(m.label())).toList();
        double[][] predictors = new double[n.length][];
        for (int m = 0; m < n.length; m++) {
            int layers = firstRow(models.get(m).label()).layerCount();
            predictors[m] = new double[]{Math.log(n[m]), layers, sets.get(m).hiddenSize()};
        }
        List<String> terms = List.of("intercept", "ln_n", "n_layers", "hidden");
        for (String metric : List.of("mean_r", "left_minus_right")) {
            double[] y = modelPoints.stream().mapToDouble(p -> p.getOrDefault(metric, Double.NaN)).toArray();
            try {
                Scaling.MultipleFit fit = Scaling.multipleOls(predictors, y);
                for (int t = 0; t < terms.size(); t++) {
                    scaling.add(new ScalingRow("multiple_ols", group, subject, metric, terms.get(t), n.length,
                            fit.coefficients()[t], null, fit.standardErrors()[t], fit.p()[t], null, fit.r2(), null, null));
                }
            } catch (IllegalArgumentException e) {
                notes.add("multiple OLS of " + metric + " on [ln N, n_layers, hidden] for " + group + " models, "
                        + subject + ": " + e.getMessage());
            }
        }
    }

    private void voxelSlopes(String group, String subject, double[] n, List<FeatureSetSummary> models) {
        float[][] perModel = models.stream().map(m -> bestPerVoxel.get(m.label()).get(subject)).toArray(float[][]::new);
        float[] slope = Scaling.slopePerVoxel(n, perModel);
        double[] lnN = new double[n.length];
        for (int m = 0; m < n.length; m++) lnN[m] = Math.log(n[m]);
        float[] p = new float[slope.length];
        double[] y = new double[n.length];
        int significant = 0;
        for (int v = 0; v < slope.length; v++) {
            for (int m = 0; m < n.length; m++) y[m] = perModel[m][v];
            p[v] = (float) Scaling.ols(lnN, y).p();
            if (p[v] < SIGNIFICANCE) significant++;
        }
        String owner = "scaling-" + group;
        maps.add(new VoxelMap(owner, subject, "lnN-slope", slope));
        maps.add(new VoxelMap(owner, subject, "lnN-slope-p", p));
        try {
            Laterality lat = Lateralization.leftMinusRight(slope, x);
            voxelSlopes.add(new VoxelSlopeRow(group, subject, n.length, mean(slope), lat.left(), lat.right(),
                    lat.leftMinusRight(), significant / (double) slope.length));
        } catch (IllegalArgumentException e) {
            notes.add("laterality of the per-voxel ln N slopes of " + group + " models, " + subject + ": " + e.getMessage());
        }
    }

    private static Map<String, Double> bestLayerPoint(Map<String, Map<String, Double>> layers) {
        return layers.values().stream().max(Comparator.comparingDouble(p -> p.get("mean_r"))).orElseThrow();
    }

    /** A layer's metrics averaged over the subjects that have them all. */
    private Map<String, Double> averagedPoint(String label, String layer) {
        List<Map<String, Double>> perSubject = points.get(label).values().stream().map(l -> l.get(layer))
                .filter(Objects::nonNull).toList();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String metric : perSubject.get(0).keySet()) {
            if (perSubject.stream().allMatch(p -> p.containsKey(metric))) {
                out.put(metric, perSubject.stream().mapToDouble(p -> p.get(metric)).average().orElseThrow());
            }
        }
        return out;
    }

    private ScoreRow firstRow(String label) {
        return scores.stream().filter(r -> r.label().equals(label)).findFirst().orElseThrow();
    }

    private FeatureSet featureSet(String label) {
        return featureSets.getOrDefault(label, new FeatureSet(label, BASELINE, null, null));
    }

    /** 0 for the embedding output, 1 for the last layer; null when a feature set has a single layer. */
    static Double relativeDepth(PlannedFit plan) {
        return plan.layerCount() > 1 ? plan.layerIndex() / (double) (plan.layerCount() - 1) : null;
    }

    /** The mean over the voxels of both hemispheres that a laterality summarized. */
    private static Double pooledMean(Laterality lat) {
        return lat == null ? null : (lat.left() * lat.nLeft() + lat.right() * lat.nRight()) / (lat.nLeft() + lat.nRight());
    }

    private static Double meanWhere(float[] values, double[] ceiling) {
        double sum = 0;
        int n = 0;
        for (int v = 0; v < values.length; v++) {
            if (ceiling[v] > 0) {
                sum += values[v];
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) sum += v;
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static double average(List<ScoreRow> rows, java.util.function.ToDoubleFunction<ScoreRow> field) {
        return rows.stream().mapToDouble(field).average().orElse(Double.NaN);
    }
}
