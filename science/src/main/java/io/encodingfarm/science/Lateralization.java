package io.encodingfarm.science;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Hemispheric summaries of per-voxel scores, hemispheres taken from each voxel's MNI x coordinate:
 * x &lt; 0 left, x &gt; 0 right, |x| &lt; {@link #MIDLINE_MM} midline (excluded).
 */
public final class Lateralization {
    /** Voxels closer than this to x = 0 (mm) are midline and belong to neither hemisphere. */
    public static final double MIDLINE_MM = 1e-6;

    private Lateralization() {
    }

    /** mean(scores | left) − mean(scores | right), midline voxels excluded. */
    public static Laterality leftMinusRight(float[] scores, float[] mniX) {
        requireVoxels(scores, mniX);
        return summarize(scores, mniX, v -> true);
    }

    /**
     * Only reliable voxels: those whose noise ceiling exceeds the given percentile (e.g. 75) of the ceilings
     * in their own hemisphere.
     */
    public static Laterality reliable(float[] scores, float[] mniX, double[] ceiling, double percentile) {
        requireVoxels(scores, mniX);
        requireLength(ceiling.length, scores.length, "ceiling");
        double[] value = ceiling.clone();
        double[] threshold = hemisphereThresholds(value, mniX, percentile);
        return summarize(scores, mniX, v -> value[v] > threshold[hemisphere(mniX[v])]);
    }

    /** Only each hemisphere's best voxels: score at or above that hemisphere's given percentile (e.g. 90). */
    public static Laterality topPercentile(float[] scores, float[] mniX, double percentile) {
        requireVoxels(scores, mniX);
        double[] value = new double[scores.length];
        Arrays.setAll(value, v -> scores[v]);
        double[] threshold = hemisphereThresholds(value, mniX, percentile);
        return summarize(scores, mniX, v -> value[v] >= threshold[hemisphere(mniX[v])]);
    }

    /** Scores divided by the noise ceiling cc_max; voxels with no repeatable signal (cc_max ≤ 0) excluded. */
    public static Laterality ceilingNormalized(float[] scores, float[] mniX, double[] ccMax) {
        requireVoxels(scores, mniX);
        requireLength(ccMax.length, scores.length, "ceiling");
        float[] normalized = NoiseCeiling.normalize(scores, ccMax);
        return summarize(normalized, mniX, v -> ccMax[v] > 0);
    }

    /** An ROI and its mirror image: mean over the left mask minus mean over the right mask (no x test). */
    public static Laterality roiPair(float[] scores, boolean[] leftRoi, boolean[] rightRoi) {
        requireLength(leftRoi.length, scores.length, "left ROI mask");
        requireLength(rightRoi.length, scores.length, "right ROI mask");
        float[] pseudoX = new float[scores.length];
        for (int v = 0; v < scores.length; v++) {
            if (leftRoi[v] && rightRoi[v]) {
                throw new IllegalArgumentException("voxel " + v + " is in both the ROI and its mirror: the masks "
                        + "must be disjoint (is the ROI crossing the midline?)");
            }
            pseudoX[v] = leftRoi[v] ? -1 : rightRoi[v] ? 1 : 0;
        }
        requireVoxels(scores, pseudoX);
        return summarize(scores, pseudoX, v -> true);
    }

    /**
     * The mirror image (x → −x) of a voxel mask: voxel v is in the result when the voxel at
     * (−x, y, z) is in the mask. Coordinates are matched after rounding to {@code gridMm} (the voxel size).
     *
     * @param mni voxels x 3 MNI coordinates in mm
     */
    public static boolean[] mirror(boolean[] mask, float[][] mni, double gridMm) {
        requireLength(mask.length, mni.length, "mask");
        if (!(gridMm > 0)) {
            throw new IllegalArgumentException("grid size must be > 0 mm, got " + gridMm);
        }
        Set<String> inMask = new HashSet<>();
        for (int v = 0; v < mask.length; v++) {
            if (mask[v]) {
                inMask.add(key(mni[v][0], mni[v][1], mni[v][2], gridMm));
            }
        }
        boolean[] out = new boolean[mask.length];
        for (int v = 0; v < mask.length; v++) {
            out[v] = inMask.contains(key(-mni[v][0], mni[v][1], mni[v][2], gridMm));
        }
        return out;
    }

    private static String key(double x, double y, double z, double grid) {
        return Math.round(x / grid) + "," + Math.round(y / grid) + "," + Math.round(z / grid);
    }

    /** 0 left, 1 right, -1 midline. */
    private static int hemisphere(float x) {
        return x < -MIDLINE_MM ? 0 : x > MIDLINE_MM ? 1 : -1;
    }

    private static double[] hemisphereThresholds(double[] value, float[] mniX, double percentile) {
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be within [0, 100], got " + percentile);
        }
        double[] threshold = new double[2];
        for (int h = 0; h < 2; h++) {
            int side = h;
            double[] in = java.util.stream.IntStream.range(0, value.length).filter(v -> hemisphere(mniX[v]) == side)
                    .mapToDouble(v -> value[v]).toArray();
            threshold[h] = in.length == 0 ? Double.NaN : Stats.percentile(in, percentile);
        }
        return threshold;
    }

    private static Laterality summarize(float[] scores, float[] mniX, IntPredicate keep) {
        double left = 0;
        double right = 0;
        int nLeft = 0;
        int nRight = 0;
        for (int v = 0; v < scores.length; v++) {
            int h = hemisphere(mniX[v]);
            if (h < 0 || !keep.test(v)) {
                continue;
            }
            if (h == 0) {
                left += scores[v];
                nLeft++;
            } else {
                right += scores[v];
                nRight++;
            }
        }
        if (nLeft == 0 || nRight == 0) {
            throw new IllegalArgumentException("no selected voxels in the " + (nLeft == 0 ? "left" : "right")
                    + " hemisphere: check that the coordinates are MNI millimetres and the selection is not empty");
        }
        double l = left / nLeft;
        double r = right / nRight;
        return new Laterality(l, r, l - r, nLeft, nRight);
    }

    private static void requireVoxels(float[] scores, float[] mniX) {
        requireLength(mniX.length, scores.length, "x coordinates");
        for (int v = 0; v < scores.length; v++) {
            if (!Float.isFinite(scores[v]) || !Float.isFinite(mniX[v])) {
                throw new IllegalArgumentException("voxel " + v + " has non-finite score " + scores[v]
                        + " or x " + mniX[v]);
            }
        }
    }

    private static void requireLength(int got, int voxels, String what) {
        if (got != voxels) {
            throw new IllegalArgumentException(voxels + " scores but " + got + " entries in the " + what
                    + ": one per voxel is needed");
        }
    }
}
