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
        double[] flat = new double[a.length * cols];
        for (int r = 0; r < a.length; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] = a[r][c];
            }
        }
        double[] r = pearson(flat, b, 0, a.length);
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = (float) r[c];
        }
        return out;
    }

    /**
     * Pearson r per column between a row-major prediction block (rows x cols) and rows
     * {@code [from, from + rows)} of b. Two passes (means, then centered sums) to avoid cancellation.
     */
    static double[] pearson(double[] pred, float[][] b, int from, int rows) {
        int cols = b[0].length;
        double[] ma = new double[cols];
        double[] mb = new double[cols];
        for (int r = 0; r < rows; r++) {
            float[] br = b[from + r];
            int off = r * cols;
            for (int c = 0; c < cols; c++) {
                ma[c] += pred[off + c];
                mb[c] += br[c];
            }
        }
        for (int c = 0; c < cols; c++) {
            ma[c] /= rows;
            mb[c] /= rows;
        }
        double[] sab = new double[cols];
        double[] saa = new double[cols];
        double[] sbb = new double[cols];
        for (int r = 0; r < rows; r++) {
            float[] br = b[from + r];
            int off = r * cols;
            for (int c = 0; c < cols; c++) {
                double da = pred[off + c] - ma[c];
                double db = br[c] - mb[c];
                sab[c] += da * db;
                saa[c] += da * da;
                sbb[c] += db * db;
            }
        }
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            double denom = Math.sqrt(saa[c] * sbb[c]);
            out[c] = denom > 0 ? sab[c] / denom : 0;
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

    static double mean(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s / x.length;
    }
}
