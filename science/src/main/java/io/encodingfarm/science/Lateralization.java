package io.encodingfarm.science;

/** Hemispheric summaries of per-voxel scores, hemispheres taken from each voxel's MNI x coordinate. */
public final class Lateralization {
    /** Voxels closer than this to x = 0 (mm) are midline and belong to neither hemisphere. */
    public static final double MIDLINE_MM = 1e-6;

    private Lateralization() {
    }

    /** mean(scores | x &lt; 0) − mean(scores | x &gt; 0), midline voxels excluded. */
    public static Laterality leftMinusRight(float[] scores, float[] mniX) {
        if (scores.length != mniX.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + mniX.length
                    + " x coordinates: one per voxel is needed");
        }
        double left = 0;
        double right = 0;
        int nLeft = 0;
        int nRight = 0;
        for (int v = 0; v < scores.length; v++) {
            if (!Float.isFinite(scores[v]) || !Float.isFinite(mniX[v])) {
                throw new IllegalArgumentException("voxel " + v + " has non-finite score " + scores[v]
                        + " or x " + mniX[v]);
            }
            if (mniX[v] < -MIDLINE_MM) {
                left += scores[v];
                nLeft++;
            } else if (mniX[v] > MIDLINE_MM) {
                right += scores[v];
                nRight++;
            }
        }
        if (nLeft == 0 || nRight == 0) {
            throw new IllegalArgumentException("no voxels in the " + (nLeft == 0 ? "left (x < 0)" : "right (x > 0)")
                    + " hemisphere: check that the coordinates are MNI millimetres");
        }
        double l = left / nLeft;
        double r = right / nRight;
        return new Laterality(l, r, l - r, nLeft, nRight);
    }
}
