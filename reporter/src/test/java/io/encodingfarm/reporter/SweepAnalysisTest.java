package io.encodingfarm.reporter;

import static io.encodingfarm.reporter.PlantedSweep.A_LEFT;
import static io.encodingfarm.reporter.PlantedSweep.B_LEFT;
import static io.encodingfarm.reporter.PlantedSweep.B_RIGHT;
import static io.encodingfarm.reporter.PlantedSweep.PARAMETERS;
import static io.encodingfarm.reporter.PlantedSweep.SUB02_OFFSET;
import static io.encodingfarm.reporter.PlantedSweep.leftR;
import static io.encodingfarm.reporter.PlantedSweep.rightR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.reporter.SweepReport.BestLayerRow;
import io.encodingfarm.reporter.SweepReport.FeatureSetSummary;
import io.encodingfarm.reporter.SweepReport.LateralizationRow;
import io.encodingfarm.reporter.SweepReport.ScalingRow;
import io.encodingfarm.reporter.SweepReport.ScoreRow;
import io.encodingfarm.reporter.SweepReport.VoxelSlopeRow;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The planted closed forms of {@link PlantedSweep} come out of the analysis. */
class SweepAnalysisTest {
    private static final double TOLERANCE = 1e-6;
    private static PlantedSweep planted;
    private static SweepAnalysis.Result result;

    @BeforeAll
    static void analyze() {
        planted = new PlantedSweep();
        result = SweepAnalysis.analyze(planted.voxels(), planted.featureSets, planted.fits);
    }

    @Test
    void everyFitHasItsPlantedMeansAndLaterality() {
        assertEquals(planted.fits.size(), result.scores().size());
        double lnN = Math.log(PARAMETERS[2]);
        ScoreRow row = score("model-3", "layer-1", "sub-01");
        assertEquals(leftR(lnN), row.left(), TOLERANCE);
        assertEquals(0.5 * rightR(lnN), row.right(), TOLERANCE);
        assertEquals(leftR(lnN) - 0.5 * rightR(lnN), row.leftMinusRight(), TOLERANCE);
        assertEquals((leftR(lnN) + 0.5 * rightR(lnN)) / 2, row.meanR(), TOLERANCE, "hemispheres have equal voxel counts");
        assertEquals(0.5, row.relativeDepth(), 0);

        // Only sub-01 has a noise ceiling.
        double expectedNormalized = 0;
        for (int v = 0; v < planted.mni.length; v++) {
            expectedNormalized += (planted.left[v] ? leftR(lnN) : 0.5 * rightR(lnN)) / planted.ceiling[v];
        }
        assertEquals(expectedNormalized / planted.mni.length, row.meanRNormalized(), TOLERANCE);
        LateralizationRow reliable = lateralization("model-3", "layer-1", "sub-01", SweepAnalysis.VARIANT_RELIABLE);
        assertEquals(leftR(lnN) - 0.5 * rightR(lnN), reliable.leftMinusRight(), TOLERANCE);
        assertEquals((reliable.left() * reliable.nLeft() + reliable.right() * reliable.nRight())
                / (reliable.nLeft() + reliable.nRight()), row.meanRReliable(), TOLERANCE);
        assertTrue(reliable.nLeft() < planted.mni.length / 2, "reliable voxels are a subset");
        ScoreRow noCeiling = score("model-3", "layer-1", "sub-02");
        assertNull(noCeiling.meanRReliable());
        assertNull(noCeiling.meanRNormalized());
    }

    @Test
    void lateralizationVariantsIncludeTopVoxelsCeilingAndRoiPairs() {
        double lnN = Math.log(PARAMETERS[0]);
        double planted = leftR(lnN) - 0.5 * rightR(lnN);
        for (String variant : List.of(SweepAnalysis.VARIANT_ALL, SweepAnalysis.VARIANT_TOP, SweepAnalysis.ROI_PREFIX + "TP")) {
            assertEquals(planted, lateralization("model-1", "layer-1", "sub-01", variant).leftMinusRight(), TOLERANCE, variant);
        }
        LateralizationRow roi = lateralization("model-1", "layer-1", "sub-01", "roi:TP");
        assertEquals(6, roi.nLeft(), "x = -10 mm, z = -10 mm: one row of 6 voxels");
        assertEquals(6, roi.nRight(), "its mirror at x = +10 mm");
        assertTrue(result.lateralization().stream().noneMatch(r -> r.subject().equals("sub-02")
                && r.variant().equals(SweepAnalysis.VARIANT_NORMALIZED)), "no ceiling, no normalized variant");
    }

    @Test
    void featureSetsPickTheirBestLayerAndAverageSubjects() {
        FeatureSetSummary model = summary("model-4");
        double lnN = Math.log(PARAMETERS[3]);
        assertEquals("layer-1", model.bestLayer());
        assertEquals(leftR(lnN) + SUB02_OFFSET / 2, model.left(), TOLERANCE);
        assertEquals(0.5 * rightR(lnN) + SUB02_OFFSET / 4, model.right(), TOLERANCE);
        assertEquals(SweepAnalysis.TRAINED, model.kind());
        assertEquals(PARAMETERS[3], model.parameterCount());
        assertEquals(0.5, model.bestLayerDepth(), 0);
        FeatureSetSummary baseline = summary(PlantedSweep.BASELINE);
        assertEquals(SweepAnalysis.BASELINE, baseline.kind());
        assertNull(baseline.parameterCount());
        assertNull(baseline.bestLayerDepth());
        assertEquals("model-4", SweepAnalysis.best(result.byFeatureSet()));
    }

    @Test
    void bestLayerPerVoxelFindsThePlantedDepths() {
        BestLayerRow row = result.bestLayers().stream().filter(r -> r.label().equals("model-2") && r.subject().equals("sub-01"))
                .findFirst().orElseThrow();
        double lnN = Math.log(PARAMETERS[1]);
        assertEquals(3, row.layersFitted());
        assertEquals((leftR(lnN) + rightR(lnN)) / 2, row.meanBestR(), TOLERANCE);
        assertEquals(0.75, row.meanBestDepth(), TOLERANCE, "left voxels peak at depth 0.5, right ones at 1");
        SweepAnalysis.VoxelMap depth = map("model-2", "sub-01", "best-depth");
        for (int v = 0; v < depth.values().length; v++) assertEquals(planted.left[v] ? 0.5f : 1f, depth.values()[v]);
        assertTrue(result.maps().stream().anyMatch(m -> m.kind().equals("best-r-normalized") && m.subject().equals("sub-01")));
        assertTrue(result.maps().stream().noneMatch(m -> m.owner().equals(PlantedSweep.BASELINE) && m.kind().equals("best-depth")));
    }

    @Test
    void scalingFitsRecoverThePlantedSlopes() {
        ScalingRow left = scaling(SweepAnalysis.MEAN_SUBJECT, "left");
        assertEquals(B_LEFT, left.estimate(), TOLERANCE);
        assertEquals(A_LEFT + SUB02_OFFSET / 2, left.intercept(), TOLERANCE);
        assertEquals(1, left.r(), TOLERANCE);
        assertTrue(left.p() < 1e-6, "p " + left.p());
        assertEquals(4, left.nModels());
        assertTrue(left.ciLow() <= left.estimate() + TOLERANCE && left.ciHigh() >= left.estimate() - TOLERANCE);
        assertEquals(0.5 * B_RIGHT, scaling(SweepAnalysis.MEAN_SUBJECT, "right").estimate(), TOLERANCE);
        assertEquals(B_LEFT - 0.5 * B_RIGHT, scaling("sub-01", "left_minus_right").estimate(), TOLERANCE);
        assertEquals(B_LEFT - 0.5 * B_RIGHT, scaling("sub-02", "left_minus_right[roi:TP]").estimate(), TOLERANCE);
        assertEquals(B_LEFT - 0.5 * B_RIGHT, scaling("sub-01", "left_minus_right[reliable]").estimate(), TOLERANCE);
        assertTrue(result.scaling().stream().noneMatch(r -> r.group().equals(SweepAnalysis.UNTRAINED)));
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("untrained")), result.notes().toString());
    }

    @Test
    void perVoxelSlopesOnLnNAreThePlantedOnes() {
        VoxelSlopeRow row = result.voxelSlopes().stream().filter(r -> r.subject().equals("sub-02")).findFirst().orElseThrow();
        assertEquals(B_LEFT, row.slopeLeft(), TOLERANCE);
        assertEquals(B_RIGHT, row.slopeRight(), TOLERANCE);
        assertEquals(1.0, row.fractionSignificant(), 0);
        float[] slope = map("scaling-trained", "sub-02", "lnN-slope").values();
        for (int v = 0; v < slope.length; v++) assertEquals(planted.left[v] ? B_LEFT : B_RIGHT, slope[v], TOLERANCE);
    }

    @Test
    void checkpointsOfOneModelMakeATrainingCurveInStepOrder() {
        Map<String, SweepAnalysis.FeatureSet> sets = new java.util.LinkedHashMap<>(planted.featureSets);
        sets.put("model-1", new SweepAnalysis.FeatureSet("model-1", SweepAnalysis.TRAINED, PARAMETERS[0], null, "pythia", 2000L));
        sets.put("model-2", new SweepAnalysis.FeatureSet("model-2", SweepAnalysis.TRAINED, PARAMETERS[1], null, "pythia", 1000L));
        sets.put("model-3", new SweepAnalysis.FeatureSet("model-3", SweepAnalysis.TRAINED, PARAMETERS[2], null, "other", 5L));
        List<SweepReport.CheckpointRow> curve = SweepAnalysis.analyze(planted.voxels(), sets, planted.fits).checkpoints();
        assertEquals(List.of("model-2", "model-1"), curve.stream().map(SweepReport.CheckpointRow::label).toList(),
                "one model with two steps, in step order; a single checkpoint makes no curve");
        assertEquals(summary("model-2").leftMinusRight(), curve.get(0).leftMinusRight(), 0);
        assertEquals(List.of(), result.checkpoints());
        assertEquals(143000L, ReportBuilder.trainingStep(Map.of(), Map.of("model", "pythia", "revision", "step143000")));
        assertEquals(7L, ReportBuilder.trainingStep(Map.of("training_step", 7), Map.of("revision", "step143000")));
        assertNull(ReportBuilder.trainingStep(Map.of(), Map.of("revision", "main")));
    }

    @Test
    void multipleOlsRecoversPlantedCoefficientsOfLnNLayersAndWidth() {
        int[] layers = {2, 4, 3, 6, 5, 8};
        int[] hidden = {64, 128, 96, 256, 192, 512};
        Map<String, SweepAnalysis.FeatureSet> sets = new java.util.LinkedHashMap<>();
        List<SweepAnalysis.Fit> fits = new java.util.ArrayList<>();
        for (int m = 0; m < layers.length; m++) {
            long n = (long) Math.pow(10, 6 + m);
            String label = "lm-" + m;
            sets.put(label, new SweepAnalysis.FeatureSet(label, SweepAnalysis.TRAINED, n, hidden[m]));
            float[] scores = new float[planted.mni.length];
            java.util.Arrays.fill(scores, (float) (0.01 + 0.02 * Math.log(n) + 0.003 * layers[m] + 0.0001 * hidden[m]));
            fits.add(new SweepAnalysis.Fit(new PlannedFit("fit-" + m, "ext-" + m, label, "layer-0", 0, layers[m], "sub-01"), scores));
        }
        List<ScalingRow> rows = SweepAnalysis.analyze(planted.voxels(), sets, fits).scaling().stream()
                .filter(r -> r.fit().equals("multiple_ols") && r.subject().equals("sub-01") && r.metric().equals("mean_r")).toList();
        assertEquals(List.of("intercept", "ln_n", "n_layers", "hidden"), rows.stream().map(ScalingRow::term).toList());
        double[] planted = {0.01, 0.02, 0.003, 0.0001};
        for (int t = 0; t < planted.length; t++) assertEquals(planted[t], rows.get(t).estimate(), 1e-5, rows.get(t).term());
        assertEquals(1, rows.get(0).r2(), 1e-6);
        assertTrue(result.notes().stream().noneMatch(n -> n.contains("multiple OLS")), "no widths, no multiple OLS note");
    }

    @Test
    void aFitOfTheWrongSizeIsRejectedWithItsId() {
        PlannedFit plan = new PlannedFit("fit-x", "ext-x", "x", "features", 0, 1, "sub-01");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepAnalysis.analyze(
                planted.voxels(), Map.of(), List.of(new SweepAnalysis.Fit(plan, new float[3]))));
        assertTrue(e.getMessage().contains("fit-x") && e.getMessage().contains("3 scores"), e.getMessage());
    }

    private static ScoreRow score(String label, String layer, String subject) {
        return result.scores().stream().filter(r -> r.label().equals(label) && r.layer().equals(layer) && r.subject().equals(subject))
                .findFirst().orElseThrow();
    }

    private static LateralizationRow lateralization(String label, String layer, String subject, String variant) {
        return result.lateralization().stream().filter(r -> r.label().equals(label) && r.layer().equals(layer)
                && r.subject().equals(subject) && r.variant().equals(variant)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + variant + " row for " + label + " " + layer + " " + subject));
    }

    private static FeatureSetSummary summary(String label) {
        return result.byFeatureSet().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow();
    }

    private static ScalingRow scaling(String subject, String metric) {
        return result.scaling().stream().filter(r -> r.fit().equals("log_linear") && r.group().equals(SweepAnalysis.TRAINED)
                && r.subject().equals(subject) && r.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no scaling row " + subject + " " + metric + " in " + result.scaling()));
    }

    private static SweepAnalysis.VoxelMap map(String owner, String subject, String kind) {
        return result.maps().stream().filter(m -> m.owner().equals(owner) && m.subject().equals(subject) && m.kind().equals(kind))
                .findFirst().orElseThrow();
    }
}
