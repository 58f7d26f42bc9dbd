package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeTest {
    @Test
    void eigenDecompositionReconstructs() {
        int n = 37;
        double[] a = randomSymmetric(n, new Random(1));
        SymmetricEigen eig = SymmetricEigen.of(a, n);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                assertTrue(eig.values[k] >= eig.values[k - 1], "ascending");
            }
            double[] vec = eig.vectors[k];
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i * n + j] * vec[j];
                }
                assertEquals(eig.values[k] * vec[i], av, 1e-11);
            }
            for (int l = 0; l <= k; l++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += vec[i] * eig.vectors[l][i];
                }
                assertEquals(k == l ? 1 : 0, dot, 1e-12);
            }
        }
    }

    @Test
    void eigenHandlesDiagonalAndRankDeficient() {
        SymmetricEigen d = SymmetricEigen.of(new double[] {3, 0, 0, 0, 1, 0, 0, 0, 2}, 3);
        assertArrayEquals(new double[] {1, 2, 3}, d.values, 1e-15);
        SymmetricEigen r = SymmetricEigen.of(new double[] {1, 1, 1, 1}, 2);
        assertArrayEquals(new double[] {0, 2}, r.values, 1e-15);
    }

    @Test
    void ridgeWeightsEqualDirectSolve() {
        Random rng = new Random(2);
        int rows = 50;
        int p = 8;
        int v = 3;
        float[][] x = gaussian(rows, p, rng);
        float[][] y = gaussian(rows, v, rng);
        double[] alphaPerVoxel = {7.5, 0.5, 7.5};
        double[] gram = Dense.multiply(Dense.transpose(Arrays.asList(x), p), p, rows, Arrays.asList(x), p);
        float[][] xty = Dense.toFloatRows(
                Dense.multiply(Dense.transpose(Arrays.asList(x), p), p, rows, Arrays.asList(y), v), p, v);
        float[][] w = new EigenRidge(gram, p, 0).weights(xty, alphaPerVoxel);
        for (int j = 0; j < v; j++) {
            double[][] system = new double[p][p + 1];
            for (int i = 0; i < p; i++) {
                for (int k = 0; k < p; k++) {
                    system[i][k] = gram[i * p + k] + (i == k ? alphaPerVoxel[j] : 0);
                }
                system[i][p] = xty[i][j];
            }
            double[] direct = gaussianElimination(system);
            for (int i = 0; i < p; i++) {
                assertEquals(direct[i], w[i][j], 1e-6, "weight " + i + " voxel " + j);
            }
        }
    }

    static float[][] gaussian(int rows, int cols, Random rng) {
        float[][] x = new float[rows][cols];
        for (float[] row : x) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    private static double[] randomSymmetric(int n, Random rng) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = rng.nextGaussian();
                a[i * n + j] = v;
                a[j * n + i] = v;
            }
        }
        return a;
    }

    /** Partial-pivoting elimination on an augmented matrix, as an independent reference. */
    static double[] gaussianElimination(double[][] m) {
        int n = m.length;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                pivot = Math.abs(m[r][c]) > Math.abs(m[pivot][c]) ? r : pivot;
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }
}
