package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.List;

/**
 * One ridge data set (rows of X and Y, no intercept) on a {@link LinearAlgebra} backend, trained on any
 * subset of its rows and scored on any other subset, for many penalties at once.
 *
 * <p>XᵀX and XᵀY over all rows are computed once; a training subset larger than half the rows is formed
 * as the totals minus its complement, so held-out runs or blocks cost only their own rows. With row
 * groups (runs), leaving groups out subtracts cached per-group blocks instead. A trained
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
    /** Group XᵀY blocks kept (features x voxels floats each); see {@link #groupBlock}. */
    private static final int CACHED_BLOCKS = 3;

    private final LinearAlgebra la;
    private final List<float[]> x;
    private final List<float[]> y;
    final int features;
    final int voxels;
    private final double[] gramAll;
    private final LinearAlgebra.Panel xtyAll;
    private final int[] groupStarts;
    private final double[][] groupGram;
    /** Group XᵀY blocks, least recently used first. */
    private final java.util.LinkedHashMap<Integer, LinearAlgebra.Panel> blocks = new java.util.LinkedHashMap<>();

    RidgeProblem(LinearAlgebra la, List<float[]> x, List<float[]> y) {
        this(la, x, y, new int[] {0, x.size()});
    }

    /**
     * @param groupStarts row groups (runs): group g is rows [groupStarts[g], groupStarts[g+1]); leaving whole
     *                    groups out ({@link #trainWithout}) reuses each group's XᵀX and XᵀY blocks
     */
    RidgeProblem(LinearAlgebra la, List<float[]> x, List<float[]> y, int[] groupStarts) {
        this.la = la;
        this.x = x;
        this.y = y;
        this.groupStarts = groupStarts.clone();
        features = x.get(0).length;
        voxels = y.get(0).length;
        int groups = groupStarts.length - 1;
        groupGram = new double[groups][];
        gramAll = new double[features * features];
        for (int g = 0; g < groups; g++) {
            groupGram[g] = gram(group(g));
            for (int i = 0; i < gramAll.length; i++) {
                gramAll[i] += groupGram[g][i];
            }
        }
        xtyAll = la.panel(features, voxels);
        addCrossProducts(xtyAll, 1, range(0, x.size()));
    }

    /** Rows of group g. */
    int[] group(int g) {
        return range(groupStarts[g], groupStarts[g + 1]);
    }

    /** Fits on every group except the given ones, for any penalties. The result must be closed. */
    EigenFit trainWithout(int[] groups, double singularCutoff) {
        return eigenFit(trainingWithout(groups), singularCutoff);
    }

    /**
     * Fits on every group except the given ones for one penalty: a Cholesky solve, several times cheaper
     * than the eigendecomposition when only one α is needed. The result must be closed.
     */
    Trained trainWithoutAt(int[] groups, double penalty) {
        return choleskyFit(trainingWithout(groups), penalty);
    }

    private Training trainingWithout(int[] groups) {
        double[] gram = gramAll.clone();
        LinearAlgebra.Panel xty = la.panel(features, voxels);
        Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> xty.copyFrom(xtyAll));
        for (int g : groups) {
            for (int i = 0; i < gram.length; i++) {
                gram[i] -= groupGram[g][i];
            }
            LinearAlgebra.Panel block = groupBlock(g);
            Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> la.addScaled(xty, -1, block));
        }
        return new Training(gram, xty);
    }

    /**
     * XᵀY of one group, from a small cache: with the validation run fixed across folds and each test run
     * used by its inner and outer fit, three blocks make every block computed once in nested LORO.
     */
    private LinearAlgebra.Panel groupBlock(int g) {
        LinearAlgebra.Panel block = blocks.remove(g);
        if (block == null) {
            if (blocks.size() == CACHED_BLOCKS) {
                Integer eldest = blocks.keySet().iterator().next();
                blocks.remove(eldest).close();
            }
            block = la.panel(features, voxels);
            addCrossProducts(block, 1, group(g));
        }
        blocks.put(g, block);
        return block;
    }

    /** Fits on the given rows for any penalties (eigendecomposition and XᵀY); the result must be closed. */
    EigenFit train(int[] rows, double singularCutoff) {
        return eigenFit(training(rows), singularCutoff);
    }

    private EigenFit eigenFit(Training t, double singularCutoff) {
        return new EigenFit(Profile.time(Profile.Phase.EIGEN, () -> la.eigh(t.gram, features)), t.xty,
                singularCutoff);
    }

    private CholeskyFit choleskyFit(Training t, double penalty) {
        for (int i = 0; i < features; i++) {
            t.gram[i * features + i] += penalty;
        }
        return new CholeskyFit(t.gram, penalty, t.xty);
    }

    /** XᵀX and XᵀY of a training subset. */
    private record Training(double[] gram, LinearAlgebra.Panel xty) {
    }

    private Training training(int[] rows) {
        int[] complement = smallerComplement(rows);
        LinearAlgebra.Panel xty = la.panel(features, voxels);
        if (complement == null) {
            double[] gram = gram(rows);
            addCrossProducts(xty, 1, rows);
            return new Training(gram, xty);
        }
        double[] gram = gramAll.clone();
        double[] part = gram(complement);
        for (int i = 0; i < gram.length; i++) {
            gram[i] -= part[i];
        }
        Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> xty.copyFrom(xtyAll));
        addCrossProducts(xty, -1, complement);
        return new Training(gram, xty);
    }

    /** XᵀY of one training subset and a way to form projectors X_e (XᵀX + α)⁻¹ for it. */
    abstract class Trained implements AutoCloseable {
        final LinearAlgebra.Panel xty;

        private Trained(LinearAlgebra.Panel xty) {
            this.xty = xty;
        }

        /**
         * Projectors X_e (XᵀX + αI)⁻¹ (m x features, row-major floats) for {@code count} penalties from
         * {@code first}, stacked penalty after penalty into out.
         */
        abstract void projectors(double[] xe, int m, double[] penalties, int first, int count, float[] out);

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
            for (int[] batch : batches(xe.size())) {
                int m = batch[1] - batch[0];
                List<float[]> yBatch = ye.subList(batch[0], batch[1]);
                double[] xBatch = flatten(xe.subList(batch[0], batch[1]));
                int perStack = (int) Math.max(1, Math.min(penalties.length, STACK_ELEMENTS / ((long) m * voxels)));
                float[] pred = new float[perStack * m * voxels];
                float[] projectors = new float[perStack * m * features];
                for (int first = 0; first < penalties.length; first += perStack) {
                    int count = Math.min(perStack, penalties.length - first);
                    int stackFirst = first;
                    Profile.time(Profile.Phase.PROJECTIONS,
                            () -> projectors(xBatch, m, penalties, stackFirst, count, projectors));
                    Profile.time(Profile.Phase.PREDICTIONS, () -> la.multiply(projectors, count * m, xty, pred));
                    Profile.time(Profile.Phase.SCORING,
                            () -> ScoreAccumulator.addStack(acc, stackFirst, count, pred, m * voxels, yBatch));
                }
            }
            double[][] out = new double[penalties.length][];
            for (int a = 0; a < penalties.length; a++) {
                out[a] = acc[a].score(score);
            }
            return out;
        }

        @Override
        public void close() {
            xty.close();
        }
    }

    /** Training set decomposed as XᵀX = V diag(λ) Vᵀ: any number of penalties, and per-voxel weights. */
    final class EigenFit extends Trained {
        private final double[] values;
        private final double[] v;
        /** Vᵀ as a panel: projectors for a stack of penalties are one GEMM against it. */
        private final LinearAlgebra.Panel vt;
        private final double minEigenvalue;
        /** Q = X_e V of the batch last projected, reused across the stacks of one batch. */
        private double[] lastBatch;
        private double[] q;

        private EigenFit(LinearAlgebra.Eigen eig, LinearAlgebra.Panel xty, double singularCutoff) {
            super(xty);
            values = eig.values();
            v = eig.vectors();
            vt = la.panel(features, features);
            vt.copyFrom(toFloat(transpose(v, features)));
            minEigenvalue = singularCutoff * singularCutoff;
        }

        @Override
        void projectors(double[] xe, int m, double[] penalties, int first, int count, float[] out) {
            if (xe != lastBatch) {
                q = la.multiply(xe, m, features, v, features);
                lastBatch = xe;
            }
            float[] scaled = new float[count * m * features];
            for (int s = 0; s < count; s++) {
                float[] d = new float[features];
                for (int k = 0; k < features; k++) {
                    d[k] = (float) shrink(k, penalties[first + s]);
                }
                int offset = s * m * features;
                for (int r = 0; r < m; r++) {
                    int row = r * features;
                    for (int k = 0; k < features; k++) {
                        scaled[offset + row + k] = (float) q[row + k] * d[k];
                    }
                }
            }
            la.multiply(scaled, count * m, vt, out);
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

        private double shrink(int k, double penalty) {
            return values[k] > minEigenvalue ? 1 / (values[k] + penalty) : 0;
        }

        @Override
        public void close() {
            super.close();
            vt.close();
        }
    }

    /** Training set for a single penalty: projectors by a Cholesky solve of (XᵀX + αI) Pᵀ = X_eᵀ. */
    final class CholeskyFit extends Trained {
        private final double[] regularizedGram;
        private final double penalty;

        private CholeskyFit(double[] regularizedGram, double penalty, LinearAlgebra.Panel xty) {
            super(xty);
            this.regularizedGram = regularizedGram;
            this.penalty = penalty;
        }

        @Override
        void projectors(double[] xe, int m, double[] penalties, int first, int count, float[] out) {
            for (int s = 0; s < count; s++) {
                if (penalties[first + s] != penalty) {
                    throw new IllegalStateException("fitted for α = " + penalty + ", asked for " + penalties[first + s]);
                }
                double[] pt = la.solveSpd(regularizedGram, features, transpose(xe, m, features), m);
                double[] p = transpose(pt, features, m);
                for (int i = 0; i < p.length; i++) {
                    out[s * m * features + i] = (float) p[i];
                }
            }
        }
    }

    /** [from, to) row ranges of at most {@link #ROW_BATCH} rows, as even as possible. */
    static List<int[]> batches(int n) {
        int count = (n + ROW_BATCH - 1) / ROW_BATCH;
        List<int[]> out = new ArrayList<>(count);
        for (int b = 0; b < count; b++) {
            out.add(new int[] {(int) ((long) n * b / count), (int) ((long) n * (b + 1) / count)});
        }
        return out;
    }

    @Override
    public void close() {
        xtyAll.close();
        blocks.values().forEach(LinearAlgebra.Panel::close);
        blocks.clear();
    }

    private double[] gram(int[] rows) {
        return Profile.time(Profile.Phase.CROSS_PRODUCTS, () -> gramOf(rows));
    }

    private double[] gramOf(int[] rows) {
        int p = features;
        double[] g = new double[p * p];
        for (int[] range : batches(rows.length)) {
            List<float[]> batch = select(x, java.util.Arrays.copyOfRange(rows, range[0], range[1]));
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
        for (int[] range : batches(rows.length)) {
            int[] batch = java.util.Arrays.copyOfRange(rows, range[0], range[1]);
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
