package io.encodingfarm.science;

/** Seed A's feature preparation: Lanczos resampling of word-time features to TR times, and FIR delays. */
public final class Resampling {
    public static final int DEFAULT_WINDOW = 3;
    public static final int[] DEFAULT_DELAYS = {1, 2, 3, 4};

    private Resampling() {
    }

    /**
     * out = M·data with M[i][j] = L(newTimes[i] − oldTimes[j]), L the Lanczos kernel with cutoff
     * {@code cutoffMult / mean(diff(newTimes))}. Rows are not normalized (the published code's behaviour:
     * it sums the words falling near each TR).
     *
     * @param data oldTimes x features
     * @return newTimes x features
     */
    public static double[][] lanczos(double[][] data, double[] oldTimes, double[] newTimes, int window,
                                     double cutoffMult) {
        Arrays2d.requireRectangular(data, "data");
        if (oldTimes.length != data.length) {
            throw new IllegalArgumentException("data has " + data.length + " rows but there are " + oldTimes.length
                    + " old times: one time per row is needed");
        }
        if (newTimes.length < 2) {
            throw new IllegalArgumentException("need at least 2 new times to derive the cutoff, got " + newTimes.length);
        }
        if (window < 1 || !(cutoffMult > 0)) {
            throw new IllegalArgumentException("window must be >= 1 and cutoff multiplier > 0, got " + window
                    + " and " + cutoffMult);
        }
        requireFinite(oldTimes, "old times");
        requireFinite(newTimes, "new times");
        double meanStep = (newTimes[newTimes.length - 1] - newTimes[0]) / (newTimes.length - 1);
        if (!(meanStep > 0)) {
            throw new IllegalArgumentException("new times must increase on average (mean step " + meanStep + ")");
        }
        double cutoff = cutoffMult / meanStep;
        int cols = data[0].length;
        double[][] out = new double[newTimes.length][cols];
        for (int i = 0; i < newTimes.length; i++) {
            double[] o = out[i];
            for (int j = 0; j < oldTimes.length; j++) {
                double w = kernel((newTimes[i] - oldTimes[j]) * cutoff, window);
                if (w != 0) {
                    double[] row = data[j];
                    for (int c = 0; c < cols; c++) {
                        o[c] += w * row[c];
                    }
                }
            }
        }
        return out;
    }

    /** L(u) = w·sin(πu)·sin(πu/w)/(π²u²), L(0) = 1, 0 beyond |u| > w. */
    static double kernel(double u, int window) {
        if (u == 0) {
            return 1;
        }
        if (Math.abs(u) > window) {
            return 0;
        }
        return window * Math.sin(Math.PI * u) * Math.sin(Math.PI * u / window) / (Math.PI * Math.PI * u * u);
    }

    /**
     * FIR delays: column block k holds x shifted down by delays[k] rows (zero-filled; negative delays shift
     * up), blocks in the order given: [x(t−d₁) | x(t−d₂) | …].
     */
    public static double[][] delay(double[][] x, int[] delays) {
        Arrays2d.requireRectangular(x, "x");
        if (delays.length == 0) {
            throw new IllegalArgumentException("no delays given");
        }
        int rows = x.length;
        int cols = x[0].length;
        double[][] out = new double[rows][cols * delays.length];
        for (int k = 0; k < delays.length; k++) {
            int d = delays[k];
            for (int t = Math.max(0, d); t < Math.min(rows, rows + d); t++) {
                System.arraycopy(x[t - d], 0, out[t], k * cols, cols);
            }
        }
        return out;
    }

    private static void requireFinite(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i]);
            }
        }
    }
}
