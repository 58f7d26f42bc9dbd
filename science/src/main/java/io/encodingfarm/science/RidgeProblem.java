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
    /** Predicted values per stacked GEMM (128 MB of floats): bounds memory, keeps the GEMM tall. */
    static final long STACK_ELEMENTS = 32L << 20;

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
            Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> xty.copyFrom(xtyAll));
            addCrossProducts(xty, -1, complement);
        }
        double[] decomposed = gram;
        return new Trained(Profile.time(Profile.Phase.EIGEN, () -> la.eigh(decomposed, features)), xty,
                singularCutoff);
    }

    /** A decomposition plus XᵀY for one training subset. */
    final class Trained implements AutoCloseable {
        private final double[] values;
        private final double[] v;
        /** Vᵀ as a panel: projectors for a stack of penalties are one GEMM against it. */
        private final LinearAlgebra.Panel vt;
        private final LinearAlgebra.Panel xty;
        private final double minEigenvalue;

        private Trained(LinearAlgebra.Eigen eig, LinearAlgebra.Panel xty, double singularCutoff) {
            values = eig.values();
            v = eig.vectors();
            vt = la.panel(features, features);
            vt.copyFrom(toFloat(transpose(v, features)));
            this.xty = xty;
            minEigenvalue = singularCutoff * singularCutoff;
        }

        /** Score of every penalty on the given rows of the problem: penalties x voxels. */
        double[][] score(int[] evalRows, double[] penalties, RidgeCV.Score score) {
            return score(select(x, evalRows), select(y, evalRows), penalties, score);
        }

        /**
         * Score of every penalty on external rows (a test set): penalties x voxels. Several penalties'
         * projectors are stacked into one GEMM, up to {@link #STACK_ELEMENTS} predicted values at a time.
         */
        double[][] score(List<float[]> xe, List<float[]> ye, double[] penalties, RidgeCV.Score score) {
            ScoreAccumulator[] acc = new ScoreAccumulator[penalties.length];
            for (int a = 0; a < penalties.length; a++) {
                acc[a] = new ScoreAccumulator(voxels);
            }
            for (int from = 0; from < xe.size(); from += ROW_BATCH) {
                int to = Math.min(xe.size(), from + ROW_BATCH);
                int m = to - from;
                List<float[]> yBatch = ye.subList(from, to);
                double[] xBatch = flatten(xe.subList(from, to));
                double[] q = Profile.time(Profile.Phase.PROJECTIONS,
                        () -> la.multiply(xBatch, m, features, v, features));
                int perStack = (int) Math.max(1, Math.min(penalties.length, STACK_ELEMENTS / ((long) m * voxels)));
                float[] pred = new float[perStack * m * voxels];
                float[] scaledQ = new float[perStack * m * features];
                float[] projectors = new float[perStack * m * features];
                for (int first = 0; first < penalties.length; first += perStack) {
                    int count = Math.min(perStack, penalties.length - first);
                    int stackFirst = first;
                    Profile.time(Profile.Phase.PROJECTIONS, () -> {
                        for (int s = 0; s < count; s++) {
                            scaleColumns(q, m, penalties[stackFirst + s], scaledQ, s * m * features);
                        }
                        la.multiply(scaledQ, count * m, vt, projectors);
                    });
                    Profile.time(Profile.Phase.PREDICTIONS, () -> la.multiply(projectors, count * m, xty, pred));
                    Profile.time(Profile.Phase.SCORING, () -> {
                        for (int s = 0; s < count; s++) {
                            acc[stackFirst + s].add(pred, s * m * voxels, yBatch);
                        }
                    });
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
            float[] vtRows = new float[features * features];
            vt.copyTo(vtRows);
            la.multiply(vtRows, features, xty, z);
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

        /** out[offset..] = Q diag(1/(λ+α)) as floats, for Q = X_e V (m x features). */
        private void scaleColumns(double[] q, int m, double penalty, float[] out, int offset) {
            float[] d = new float[features];
            for (int k = 0; k < features; k++) {
                d[k] = (float) shrink(k, penalty);
            }
            for (int r = 0; r < m; r++) {
                int row = r * features;
                for (int k = 0; k < features; k++) {
                    out[offset + row + k] = (float) q[row + k] * d[k];
                }
            }
        }

        private double shrink(int k, double penalty) {
            return values[k] > minEigenvalue ? 1 / (values[k] + penalty) : 0;
        }

        @Override
        public void close() {
            xty.close();
            vt.close();
        }
    }

    @Override
    public void close() {
        xtyAll.close();
    }

    private double[] gram(int[] rows) {
        return Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> gramOf(rows));
    }

    private double[] gramOf(int[] rows) {
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
        Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> addCrossProductsOf(c, sign, rows));
    }

    private void addCrossProductsOf(LinearAlgebra.Panel c, float sign, int[] rows) {
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
