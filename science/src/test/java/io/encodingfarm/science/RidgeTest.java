package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    void openBlasLoadsOnLinuxX86() {
        if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
            assertTrue(OpenBlasLinearAlgebra.load().isPresent(), "the OpenBLAS backend should load here");
        }
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void backendEigenReconstructs(LinearAlgebra la) {
        int n = 23;
        double[] a = randomSymmetric(n, new Random(8));
        LinearAlgebra.Eigen eig = la.eigh(a, n);
        double[] av = la.multiply(a, n, n, eig.vectors(), n);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                assertEquals(eig.values()[k] * eig.vectors()[i * n + k], av[i * n + k], 1e-11);
            }
        }
        for (int k = 1; k < n; k++) {
            assertTrue(eig.values()[k] >= eig.values()[k - 1]);
        }
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void backendPanelProducts(LinearAlgebra la) {
        Random rng = new Random(6);
        int k = 7;
        int p = 5;
        int v = 300;
        float[][] x = gaussian(k, p, rng);
        float[][] y = gaussian(k, v, rng);
        float[] xFlat = new float[k * p];
        for (int r = 0; r < k; r++) {
            System.arraycopy(x[r], 0, xFlat, r * p, p);
        }
        try (LinearAlgebra.Panel c = la.panel(p, v)) {
            la.addCrossProduct(c, 2, xFlat, k, Arrays.asList(y));
            la.addCrossProduct(c, -1, xFlat, k, Arrays.asList(y));
            float[] xty = new float[p * v];
            c.copyTo(xty);
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < v; j++) {
                    double s = 0;
                    for (int r = 0; r < k; r++) {
                        s += x[r][i] * y[r][j];
                    }
                    assertEquals(s, xty[i * v + j], 1e-5);
                }
            }
            float[] out = new float[k * v];
            la.multiply(xFlat, k, c, out);
            for (int r = 0; r < k; r++) {
                for (int j = 0; j < v; j++) {
                    double s = 0;
                    for (int i = 0; i < p; i++) {
                        s += x[r][i] * xty[i * v + j];
                    }
                    assertEquals(s, out[r * v + j], 1e-4);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void ridgeWeightsEqualDirectSolve(LinearAlgebra la) {
        Random rng = new Random(2);
        int rows = 50;
        int p = 8;
        int v = 3;
        float[][] x = gaussian(rows, p, rng);
        float[][] y = gaussian(rows, v, rng);
        double[] alphaPerVoxel = {7.5, 0.5, 7.5};
        float[] w;
        try (RidgeProblem problem = new RidgeProblem(la, Arrays.asList(x), Arrays.asList(y));
             RidgeProblem.EigenFit trained = problem.train(RidgeProblem.range(0, rows), 0)) {
            w = trained.weights(alphaPerVoxel);
        }
        for (int j = 0; j < v; j++) {
            double[][] system = new double[p][p + 1];
            for (int i = 0; i < p; i++) {
                for (int k = 0; k < p; k++) {
                    for (int r = 0; r < rows; r++) {
                        system[i][k] += (double) x[r][i] * x[r][k];
                    }
                }
                system[i][i] += alphaPerVoxel[j];
                for (int r = 0; r < rows; r++) {
                    system[i][p] += (double) x[r][i] * y[r][j];
                }
            }
            double[] direct = gaussianElimination(system);
            for (int i = 0; i < p; i++) {
                assertEquals(direct[i], w[i * v + j], 1e-5, "weight " + i + " voxel " + j);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void choleskyAndEigenFitsScoreAlike(LinearAlgebra la) {
        Random rng = new Random(12);
        float[][] x = gaussian(60, 9, rng);
        float[][] y = gaussian(60, 4, rng);
        int[] groups = {0, 45, 60};
        try (RidgeProblem problem = new RidgeProblem(la, Arrays.asList(x), Arrays.asList(y), groups);
             RidgeProblem.Trained eigen = problem.trainWithout(new int[] {1}, 0);
             RidgeProblem.Trained cholesky = problem.trainWithoutAt(new int[] {1}, 3.0)) {
            int[] eval = problem.group(1);
            double[] a = eigen.score(eval, new double[] {3.0}, RidgeCV.Score.SIGNED_SQRT_R2)[0];
            double[] b = cholesky.score(eval, new double[] {3.0}, RidgeCV.Score.SIGNED_SQRT_R2)[0];
            assertArrayEquals(a, b, 1e-5);
        }
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void solveSpdRejectsIndefinite(LinearAlgebra la) {
        assertThrows(ArithmeticException.class, () -> la.solveSpd(new double[] {1, 2, 2, 1}, 2, new double[] {1, 1}, 1));
        assertArrayEquals(new double[] {0.5, 1}, la.solveSpd(new double[] {2, 0, 0, 1}, 2, new double[] {1, 1}, 1),
                1e-15);
    }

    @Test
    void batchesAreEvenAndCover() {
        assertEquals(2, RidgeProblem.batches(622).size());
        assertArrayEquals(new int[] {0, 311}, RidgeProblem.batches(622).get(0));
        assertArrayEquals(new int[] {311, 622}, RidgeProblem.batches(622).get(1));
        assertEquals(1, RidgeProblem.batches(512).size());
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
