package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.List;

/**
 * One ridge data set (rows of X and Y, no intercept) on a {@link LinearAlgebra} backend, trained on any
 * subset of its rows and scored on any other subset, for many penalties at once.
 *
 * <p>XᵀX and XᵀY over all rows are computed once; a training subset larger than half the rows is formed
 * as the totals minus its complement, so held-out runs or blocks cost only their own rows. A trained
 * subset keeps XᵀX = V diag(λ) Vᵀ and XᵀY; predictions on rows X_e are (X_e V diag(1/(λ+α)) Vᵀ)·XᵀY: the
 * left factor is only rows x features, so the one voxel-sized product per α is a single GEMM. This equals
 * the SVD form V diag(s/(s²+α)) UᵀY, since λ = s² and UᵀY = diag(1/s) VᵀXᵀY; components with
 * s ≤ the singular cutoff (λ ≤ cutoff²) are dropped as in the SVD form.
 */
final class RidgeProblem implements AutoCloseable {
    /** Rows per batch for products and scoring: bounds staging memory to batch x voxels. */
    static final int ROW_BATCH = 512;

    private final LinearAlgebra la;
    private final List<float[]> x;
    private final List<float[]> y;
    final int features;
    final int voxels;
    private final double[] gramAll;
    private final LinearAlgebra.Panel xtyAll;

    RidgeProblem(LinearAlgebra la, List<float[]> x, List<float[]> y) {
        this.la = la;
        this.x = x;
        this.y = y;
        features = x.get(0).length;
        voxels = y.get(0).length;
        int[] all = range(0, x.size());
        gramAll = gram(all);
        xtyAll = la.panel(features, voxels);
        addCrossProducts(xtyAll, 1, all);
    }

    int rows() {
        return x.size();
    }

    LinearAlgebra backend() {
        return la;
    }

    /** Fits on the given rows (decomposition and XᵀY); the result must be closed. */
    Trained train(int[] rows, double singularCutoff) {
        int[] complement = smallerComplement(rows);
        double[] gram;
        LinearAlgebra.Panel xty = la.panel(features, voxels);
        if (complement == null) {
            gram = gram(rows);
            addCrossProducts(xty, 1, rows);
        } else {
            gram = gramAll.clone();
            double[] part = gram(complement);
            for (int i = 0; i < gram.length; i++) {
                gram[i] -= part[i];
            }
            xty.copyFrom(xtyAll);
            addCrossProducts(xty, -1, complement);
        }
        return new Trained(la.eigh(gram, features), xty, singularCutoff);
    }

    /** A decomposition plus XᵀY for one training subset. */
    final class Trained implements AutoCloseable {
        private final double[] values;
        private final double[] v;
        private final double[] vt;
        private final LinearAlgebra.Panel xty;
        private final double minEigenvalue;

        private Trained(LinearAlgebra.Eigen eig, LinearAlgebra.Panel xty, double singularCutoff) {
            values = eig.values();
            v = eig.vectors();
            vt = transpose(v, features);
            this.xty = xty;
            minEigenvalue = singularCutoff * singularCutoff;
        }

        /** Score of every penalty on the given rows of the problem: penalties x voxels. */
        double[][] score(int[] evalRows, double[] penalties, RidgeCV.Score score) {
            return score(select(x, evalRows), select(y, evalRows), penalties, score);
        }

        /** Score of every penalty on external rows (a test set): penalties x voxels. */
        double[][] score(List<float[]> xe, List<float[]> ye, double[] penalties, RidgeCV.Score score) {
            ScoreAccumulator[] acc = new ScoreAccumulator[penalties.length];
            for (int a = 0; a < penalties.length; a++) {
                acc[a] = new ScoreAccumulator(voxels);
            }
            float[] pred = null;
            for (int from = 0; from < xe.size(); from += ROW_BATCH) {
                int to = Math.min(xe.size(), from + ROW_BATCH);
                int m = to - from;
                double[] q = la.multiply(flatten(xe.subList(from, to)), m, features, v, features);
                pred = pred == null || pred.length < m * voxels ? new float[m * voxels] : pred;
                for (int a = 0; a < penalties.length; a++) {
                    la.multiply(projector(q, m, penalties[a]), m, xty, pred);
                    acc[a].add(pred, ye.subList(from, to));
                }
            }
            double[][] out = new double[penalties.length][];
            for (int a = 0; a < penalties.length; a++) {
                out[a] = acc[a].score(score);
            }
            return out;
        }

        /**
         * Weights with each voxel's own penalty, features x voxels row-major:
         * W = V · (D ∘ VᵀXᵀY) with D[k][j] = 1/(λ_k + α_j), two GEMMs whatever the number of distinct α.
         */
        float[] weights(double[] penaltyPerVoxel) {
            float[] z = new float[features * voxels];
            la.multiply(toFloat(vt), features, xty, z);
            for (int k = 0; k < features; k++) {
                for (int j = 0; j < voxels; j++) {
                    z[k * voxels + j] *= (float) shrink(k, penaltyPerVoxel[j]);
                }
            }
            float[] w = new float[features * voxels];
            try (LinearAlgebra.Panel scaled = la.panel(features, voxels)) {
                scaled.copyFrom(z);
                la.multiply(toFloat(v), features, scaled, w);
            }
            return w;
        }

        /** Q diag(1/(λ+α)) Vᵀ as floats, for Q = X_e V (m x features). */
        private float[] projector(double[] q, int m, double penalty) {
            double[] scaled = q.clone();
            for (int k = 0; k < features; k++) {
                double d = shrink(k, penalty);
                for (int r = 0; r < m; r++) {
                    scaled[r * features + k] *= d;
                }
            }
            return toFloat(la.multiply(scaled, m, features, vt, features));
        }

        private double shrink(int k, double penalty) {
            return values[k] > minEigenvalue ? 1 / (values[k] + penalty) : 0;
        }

        @Override
        public void close() {
            xty.close();
        }
    }

    @Override
    public void close() {
        xtyAll.close();
    }

    private double[] gram(int[] rows) {
        int p = features;
        double[] g = new double[p * p];
        for (int from = 0; from < rows.length; from += ROW_BATCH) {
            int to = Math.min(rows.length, from + ROW_BATCH);
            List<float[]> batch = select(x, java.util.Arrays.copyOfRange(rows, from, to));
            double[] xb = flatten(batch);
            double[] part = la.multiply(transpose(xb, batch.size(), p), p, batch.size(), xb, p);
            for (int i = 0; i < g.length; i++) {
                g[i] += part[i];
            }
        }
        return g;
    }

    private void addCrossProducts(LinearAlgebra.Panel c, float sign, int[] rows) {
        for (int from = 0; from < rows.length; from += ROW_BATCH) {
            int to = Math.min(rows.length, from + ROW_BATCH);
            int[] batch = java.util.Arrays.copyOfRange(rows, from, to);
            la.addCrossProduct(c, sign, toFloat(flatten(select(x, batch))), batch.length, select(y, batch));
        }
    }

    /**
     * The rows not in {@code rows} when that is the cheaper side, or null to compute directly (also when
     * rows repeat, since a repeated row must count twice).
     */
    private int[] smallerComplement(int[] rows) {
        int n = x.size();
        if (rows.length <= n / 2) {
            return null;
        }
        boolean[] in = new boolean[n];
        for (int r : rows) {
            if (in[r]) {
                return null;
            }
            in[r] = true;
        }
        int[] complement = new int[n - rows.length];
        int k = 0;
        for (int r = 0; r < n; r++) {
            if (!in[r]) {
                complement[k++] = r;
            }
        }
        return complement;
    }

    static List<float[]> select(List<float[]> rows, int[] indices) {
        List<float[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(rows.get(i));
        }
        return out;
    }

    static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }

    private double[] flatten(List<float[]> rows) {
        double[] out = new double[rows.size() * features];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            for (int c = 0; c < features; c++) {
                out[r * features + c] = row[c];
            }
        }
        return out;
    }

    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private static double[] transpose(double[] square, int n) {
        return transpose(square, n, n);
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }
}
