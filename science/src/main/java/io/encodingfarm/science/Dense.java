package io.encodingfarm.science;

import java.util.List;
import java.util.stream.IntStream;

/** Plain-Java dense kernels on row-major arrays, parallel over column blocks. */
final class Dense {
    /** Columns per task: a k x 256 float panel of the right operand stays in L2 across all rows of A. */
    private static final int COLUMN_BLOCK = 256;

    private Dense() {
    }

    /** C (m float rows of length n) += A (m x k, row-major) · B (k rows, each at least n long). */
    static void multiplyAdd(float[] a, int m, int k, List<float[]> b, float[][] c) {
        int n = c[0].length;
        int blocks = (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        IntStream.range(0, blocks).parallel().forEach(blk -> {
            int j0 = blk * COLUMN_BLOCK;
            int j1 = Math.min(n, j0 + COLUMN_BLOCK);
            int i = 0;
            for (; i + 4 <= m; i += 4) {
                fourRows(a, i, k, b, c, j0, j1);
            }
            for (; i < m; i++) {
                oneRow(a, i, k, b, c[i], j0, j1);
            }
        });
    }

    private static void fourRows(float[] a, int i, int k, List<float[]> b, float[][] c, int j0, int j1) {
        float[] c0 = c[i];
        float[] c1 = c[i + 1];
        float[] c2 = c[i + 2];
        float[] c3 = c[i + 3];
        for (int kk = 0; kk < k; kk++) {
            float w0 = a[i * k + kk];
            float w1 = a[(i + 1) * k + kk];
            float w2 = a[(i + 2) * k + kk];
            float w3 = a[(i + 3) * k + kk];
            float[] row = b.get(kk);
            for (int j = j0; j < j1; j++) {
                float bj = row[j];
                c0[j] += w0 * bj;
                c1[j] += w1 * bj;
                c2[j] += w2 * bj;
                c3[j] += w3 * bj;
            }
        }
    }

    private static void oneRow(float[] a, int i, int k, List<float[]> b, float[] c, int j0, int j1) {
        for (int kk = 0; kk < k; kk++) {
            float w = a[i * k + kk];
            float[] row = b.get(kk);
            for (int j = j0; j < j1; j++) {
                c[j] += w * row[j];
            }
        }
    }

    /** C (m x n) = A (m x k) · B (k x n), row-major doubles, parallel over rows of A. */
    static double[] multiply(double[] a, int m, int k, double[] b, int n) {
        double[] c = new double[m * n];
        IntStream.range(0, m).parallel().forEach(i -> {
            int co = i * n;
            for (int kk = 0; kk < k; kk++) {
                double w = a[i * k + kk];
                if (w == 0) {
                    continue;
                }
                int bo = kk * n;
                for (int j = 0; j < n; j++) {
                    c[co + j] += w * b[bo + j];
                }
            }
        });
        return c;
    }
}
