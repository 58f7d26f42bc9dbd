package io.encodingfarm.science;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Plain-Java dense kernels on row-major arrays. The big products (XᵀY, predictions) take the right-hand
 * operand as float rows so that voxel responses are never copied or widened; accumulation is in double.
 */
final class Dense {
    /** Columns per task: a k x 256 float panel of the right operand stays in L2 across all rows of A. */
    private static final int COLUMN_BLOCK = 256;

    private Dense() {
    }

    /**
     * C (m x n) = A (m x k, row-major double) · rows[from .. from+k) of B (each at least n long).
     */
    static double[] multiply(double[] a, int m, int k, List<float[]> b, int n) {
        double[] c = new double[m * n];
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int j0 = blk * COLUMN_BLOCK;
            int j1 = Math.min(n, j0 + COLUMN_BLOCK);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                fourRows(a, i, k, b, c, n, j0, j1);
            }
            for (; i < m; i++) {
                oneRow(a, i, k, b, c, n, j0, j1);
            }
        });
        return c;
    }

    private static void fourRows(double[] a, int i, int k, List<float[]> b, double[] c, int n, int j0, int j1) {
        int c0 = i * n;
        int c1 = c0 + n;
        int c2 = c1 + n;
        int c3 = c2 + n;
        for (int kk = 0; kk < k; kk++) {
            double w0 = a[i * k + kk];
            double w1 = a[(i + 1) * k + kk];
            double w2 = a[(i + 2) * k + kk];
            double w3 = a[(i + 3) * k + kk];
            float[] row = b.get(kk);
            for (int j = j0; j < j1; j++) {
                double bj = row[j];
                c[c0 + j] += w0 * bj;
                c[c1 + j] += w1 * bj;
                c[c2 + j] += w2 * bj;
                c[c3 + j] += w3 * bj;
            }
        }
    }

    private static void oneRow(double[] a, int i, int k, List<float[]> b, double[] c, int n, int j0, int j1) {
        int c0 = i * n;
        for (int kk = 0; kk < k; kk++) {
            double w = a[i * k + kk];
            float[] row = b.get(kk);
            for (int j = j0; j < j1; j++) {
                c[c0 + j] += w * row[j];
            }
        }
    }

    /** Row-major double transpose of float rows (rows x cols) -> cols x rows. */
    static double[] transpose(List<float[]> rows, int cols) {
        int n = rows.size();
        double[] t = new double[cols * n];
        for (int r = 0; r < n; r++) {
            float[] row = rows.get(r);
            for (int c = 0; c < cols; c++) {
                t[c * n + r] = row[c];
            }
        }
        return t;
    }

    /** Small double product C (m x n) = A (m x k) · B (k x n), all row-major. */
    static double[] multiply(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int kk = 0; kk < k; kk++) {
                double w = a[i * k + kk];
                if (w == 0) {
                    continue;
                }
                int bo = kk * n;
                int co = i * n;
                for (int j = 0; j < n; j++) {
                    c[co + j] += w * b[bo + j];
                }
            }
        }
        return c;
    }

    /** Row-major double copy of float rows (rows x cols). */
    static double[] flatten(List<float[]> rows, int cols) {
        double[] out = new double[rows.size() * cols];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = rows.get(r);
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = row[c];
            }
        }
        return out;
    }

    /** Splits a row-major m x n double matrix into float rows (the form the big products consume). */
    static float[][] toFloatRows(double[] a, int m, int n) {
        float[][] rows = new float[m][n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                rows[i][j] = (float) a[i * n + j];
            }
        }
        return rows;
    }
}
