package io.encodingfarm.science;

/** Per-voxel correlation and small numeric helpers. */
public final class Stats {
    private Stats() {
    }

    /** Pearson r of each column of a with the same column of b (rows are time). Constant columns give 0. */
    public static float[] pearsonPerColumn(float[][] a, float[][] b) {
        Arrays2d.requireRectangular(a, "a");
        Arrays2d.requireRectangular(b, "b");
        Arrays2d.requireSameShape(a, b, "a", "b");
        int cols = a[0].length;
        float[] flat = new float[a.length * cols];
        for (int r = 0; r < a.length; r++) {
            System.arraycopy(a[r], 0, flat, r * cols, cols);
        }
        ScoreAccumulator acc = new ScoreAccumulator(cols);
        acc.add(flat, java.util.Arrays.asList(b));
        double[] r = acc.pearson();
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = (float) r[c];
        }
        return out;
    }

    /** numpy.logspace(start, stop, n): 10^linspace(start, stop, n). */
    public static double[] logspace(double start, double stop, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("logspace needs n >= 1, got " + n);
        }
        double[] e = Hrf.linspace(start, stop, n);
        for (int i = 0; i < n; i++) {
            e[i] = Math.pow(10, e[i]);
        }
        return e;
    }

    /** numpy.percentile(x, q) with linear interpolation between order statistics. */
    public static double percentile(double[] x, double q) {
        if (x.length == 0) {
            throw new IllegalArgumentException("percentile of an empty array");
        }
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        double pos = q / 100 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }
}
