package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * XᵀX and XᵀY over subsets of rows, sharing one pass over all rows: a subset bigger than half the data
 * is formed as the totals minus its complement, so held-out folds cost only their own rows.
 */
final class CrossProducts {
    private final List<float[]> x;
    private final List<float[]> y;
    final int features;
    final int voxels;
    private final double[] gramAll;
    private final float[][] xtyAll;

    CrossProducts(List<float[]> x, List<float[]> y) {
        this.x = x;
        this.y = y;
        features = x.get(0).length;
        voxels = y.get(0).length;
        gramAll = product(x, x, features);
        xtyAll = Dense.toFloatRows(product(x, y, voxels), features, voxels);
    }

    int rows() {
        return x.size();
    }

    /** XᵀX over the given rows, p x p row-major. */
    double[] gram(int[] rows) {
        int[] complement = smallerComplement(rows);
        if (complement == null) {
            return product(select(x, rows), select(x, rows), features);
        }
        double[] out = gramAll.clone();
        if (complement.length == 0) {
            return out;
        }
        double[] part = product(select(x, complement), select(x, complement), features);
        for (int i = 0; i < out.length; i++) {
            out[i] -= part[i];
        }
        return out;
    }

    /** XᵀY over the given rows, p float rows of length voxels. */
    float[][] xty(int[] rows) {
        int[] complement = smallerComplement(rows);
        if (complement == null) {
            return Dense.toFloatRows(product(select(x, rows), select(y, rows), voxels), features, voxels);
        }
        if (complement.length == 0) {
            return xtyAll;
        }
        double[] part = product(select(x, complement), select(y, complement), voxels);
        float[][] out = new float[features][voxels];
        for (int i = 0; i < features; i++) {
            float[] total = xtyAll[i];
            for (int j = 0; j < voxels; j++) {
                out[i][j] = (float) (total[j] - part[i * voxels + j]);
            }
        }
        return out;
    }

    static List<float[]> select(List<float[]> rows, int[] indices) {
        List<float[]> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(rows.get(i));
        }
        return out;
    }

    /** Aᵀ·B over rows of a (k x p) and b (k x n): p x n row-major. */
    private static double[] product(List<float[]> a, List<float[]> b, int n) {
        int p = a.get(0).length;
        return Dense.multiply(Dense.transpose(a, p), p, a.size(), b, n);
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

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }
}
