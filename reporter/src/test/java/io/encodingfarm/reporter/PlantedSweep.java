package io.encodingfarm.reporter;

import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.datasets.VoxelGrid;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.schema.SweepManifest.PlannedFit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small sweep with known answers. On an 8×6×4 grid of 4 mm voxels (x from −14 to +14 mm, no midline),
 * four trained models of N = 10^6…10^9 parameters have, at their layer 1 of 3, left-hemisphere r =
 * {@link #A_LEFT} + {@link #B_LEFT}·ln N on every left voxel and half of {@link #A_RIGHT} + {@link #B_RIGHT}·ln N
 * on every right voxel; at layer 2 the halves swap. So layer 1 is every model's best layer, left voxels
 * peak at depth 0.5 and right voxels at depth 1, and every planted number has a closed form.
 * Subject sub-02 adds {@link #SUB02_OFFSET} everywhere. One untrained model and one baseline sit beside.
 */
final class PlantedSweep {
    static final double A_LEFT = 0.05;
    static final double B_LEFT = 0.01;
    static final double A_RIGHT = 0.03;
    static final double B_RIGHT = 0.004;
    static final double SUB02_OFFSET = 0.01;
    static final long[] PARAMETERS = {1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L};
    static final List<String> SUBJECTS = List.of("sub-01", "sub-02");
    static final String BASELINE = "random-vectors";
    static final String UNTRAINED = "model-untrained";
    static final double BASELINE_R = 0.02;
    static final int[] SHAPE = {8, 6, 4};
    static final double[][] AFFINE = {{4, 0, 0, -14}, {0, 4, 0, -40}, {0, 0, 4, -10}, {0, 0, 0, 1}};

    final NiftiImage mask;
    final int[] voxelIndex;
    final float[][] mni;
    final boolean[] left;
    final double[] ceiling;
    final boolean[] roiTp;
    final List<SweepAnalysis.Fit> fits = new ArrayList<>();
    final Map<String, SweepAnalysis.FeatureSet> featureSets = new LinkedHashMap<>();

    PlantedSweep() {
        boolean[] inside = new boolean[SHAPE[0] * SHAPE[1] * SHAPE[2]];
        for (int k = 0; k < SHAPE[2]; k++) {
            for (int j = 0; j < SHAPE[1]; j++) {
                for (int i = 0; i < SHAPE[0]; i++) {
                    // Corners of the box stay outside, so the mask is not the whole grid.
                    boolean corner = (i == 0 || i == SHAPE[0] - 1) && (j == 0 || j == SHAPE[1] - 1);
                    inside[i + SHAPE[0] * (j + SHAPE[1] * k)] = !corner;
                }
            }
        }
        mask = NiftiImage.mask(SHAPE, AFFINE, inside);
        voxelIndex = VoxelGrid.voxelIndices(mask);
        mni = VoxelGrid.coordinates(mask);
        int voxels = mni.length;
        left = new boolean[voxels];
        ceiling = new double[voxels];
        roiTp = new boolean[voxels];
        for (int v = 0; v < voxels; v++) {
            left[v] = mni[v][0] < 0;
            ceiling[v] = 0.3 + 0.01 * (v % 40);
            roiTp[v] = Math.abs(mni[v][0] + 10) < 1e-3 && mni[v][2] < -8;
        }

        for (int m = 0; m < PARAMETERS.length; m++) {
            String label = "model-" + (m + 1);
            featureSets.put(label, new SweepAnalysis.FeatureSet(label, SweepAnalysis.TRAINED, PARAMETERS[m], null));
            double lnN = Math.log(PARAMETERS[m]);
            for (String subject : SUBJECTS) {
                double offset = subject.equals("sub-02") ? SUB02_OFFSET : 0;
                double l = leftR(lnN) + offset;
                double r = rightR(lnN) + offset;
                addFit(label, "layer-0", 0, 3, subject, hemispheres(0.25 * l, 0.25 * r));
                addFit(label, "layer-1", 1, 3, subject, hemispheres(l, 0.5 * r));
                addFit(label, "layer-2", 2, 3, subject, hemispheres(0.5 * l, r));
            }
        }
        featureSets.put(UNTRAINED, new SweepAnalysis.FeatureSet(UNTRAINED, SweepAnalysis.UNTRAINED, PARAMETERS[2], null));
        for (String subject : SUBJECTS) addFit(UNTRAINED, "layer-1", 1, 3, subject, hemispheres(0.01, 0.01));
        for (String subject : SUBJECTS) addFit(BASELINE, "features", 0, 1, subject, hemispheres(BASELINE_R, BASELINE_R));
    }

    static double leftR(double lnN) {
        return A_LEFT + B_LEFT * lnN;
    }

    static double rightR(double lnN) {
        return A_RIGHT + B_RIGHT * lnN;
    }

    private float[] hemispheres(double leftValue, double rightValue) {
        float[] out = new float[mni.length];
        for (int v = 0; v < out.length; v++) out[v] = (float) (left[v] ? leftValue : rightValue);
        return out;
    }

    private void addFit(String label, String layer, int index, int count, String subject, float[] scores) {
        String id = "fit-" + label + "-" + layer + "-" + subject;
        fits.add(new SweepAnalysis.Fit(new PlannedFit(id, "ext-" + label, label, layer, index, count, subject), scores));
    }

    SweepAnalysis.Voxels voxels() {
        return new SweepAnalysis.Voxels(mni, 4, Map.of("sub-01", ceiling), Map.of("TP", roiTp));
    }

    ReportBundle.Inputs inputs(String sweep, Map<String, Object> groundTruth) {
        SweepReport.Provenance provenance = new SweepReport.Provenance("test", Map.of("name", "planted"), List.of(),
                List.of());
        return new ReportBundle.Inputs(sweep, "planted", groundTruth, fits.size(), voxels(), featureSets, fits,
                new BrainMaps(mask, voxelIndex), provenance, "2026-01-01T00:00:00Z");
    }

    /** The dataset files the reporter reads (metadata, voxels, mask, ceiling of sub-01, the TP ROI). */
    DatasetDirectory writeDataset(Path root, String name) throws IOException {
        DatasetMeta meta = new DatasetMeta(DatasetMeta.SCHEMA_VERSION, name, DatasetMeta.LPP, 2.0,
                List.of(new DatasetMeta.Run("run-1", 10, DatasetMeta.Run.TRAIN)), SUBJECTS, mni.length,
                new DatasetMeta.Grid(SHAPE, AFFINE), Map.of("teacher", "model-4"));
        DatasetDirectory dataset = DatasetDirectory.create(root, meta);
        dataset.writeMask(mask);
        dataset.writeVoxelCoordinates(mni);
        float[] c = new float[ceiling.length];
        for (int v = 0; v < c.length; v++) c[v] = (float) ceiling[v];
        dataset.writeCeiling("sub-01", c);
        float[] roi = new float[mask.voxelsPerVolume()];
        for (int v = 0; v < roiTp.length; v++) if (roiTp[v]) roi[voxelIndex[v]] = 1;
        dataset.writeRoi("TP", new NiftiImage(SHAPE, AFFINE, roi, io.encodingfarm.formats.NiftiDatatype.UINT8, 0,
                NiftiImage.XFORM_MNI_152));
        return dataset;
    }
}
