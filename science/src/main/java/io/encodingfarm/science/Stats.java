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
        double[] r = pearson(flat, java.util.Arrays.asList(b));
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) {
            out[c] = (float) r[c];
        }
        return out;
    }

    /**
     * Pearson r per column between a row-major prediction block (rows x cols) and the same number of
     * observed rows. Two passes (means, then centered sums) to avoid cancellation.
     */
    static double[] pearson(double[] pred, java.util.List<float[]> b) {
        int rows = b.size();
        int cols = b.get(0).length;
        double[] ma = new double[cols];
        double[] mb = new double[cols];
        for (int r = 0; r < rows; r++) {
            float[] br = b.get(r);
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
            float[] br = b.get(r);
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

    /**
     * Seed A's non-correlation score per column: sign(R²)·√|R²| with R² = 1 − var(y − ŷ)/((1 + var(y))/2),
     * variances ddof 0. The (1 + var(y))/2 denominator is the published code's; for z-scored y it is ~var(y).
     */
    static double[] signedSqrtR2(double[] pred, java.util.List<float[]> y) {
        int rows = y.size();
        int cols = y.get(0).length;
        double[] my = new double[cols];
        double[] mres = new double[cols];
        for (int r = 0; r < rows; r++) {
            float[] yr = y.get(r);
            for (int c = 0; c < cols; c++) {
                my[c] += yr[c];
                mres[c] += yr[c] - pred[r * cols + c];
            }
        }
        for (int c = 0; c < cols; c++) {
            my[c] /= rows;
            mres[c] /= rows;
        }
        double[] vy = new double[cols];
        double[] vres = new double[cols];
        for (int r = 0; r < rows; r++) {
            float[] yr = y.get(r);
            for (int c = 0; c < cols; c++) {
                double dy = yr[c] - my[c];
                double dres = yr[c] - pred[r * cols + c] - mres[c];
                vy[c] += dy * dy;
                vres[c] += dres * dres;
            }
        }
        double[] out = new double[cols];
        for (int c = 0; c < cols; c++) {
            double r2 = 1 - (vres[c] / rows) / ((1 + vy[c] / rows) / 2);
            out[c] = Math.signum(r2) * Math.sqrt(Math.abs(r2));
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
