package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RidgeCVTest {
    private static final References REF = References.load("ridge.txt");

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void correlationPerVoxelMatchesSvdReference(LinearAlgebra la) {
        check(la, "corr_pervoxel", new RidgeCV.Options(REF.get("alphas"), RidgeCV.AlphaMode.PER_VOXEL, false,
                RidgeCV.Score.CORRELATION, RidgeCV.DEFAULT_SINGULAR_CUTOFF));
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void signedSqrtR2SingleAlphaSquaredMatchesSvdReference(LinearAlgebra la) {
        check(la, "r2_single_squared", new RidgeCV.Options(REF.get("alphas"), RidgeCV.AlphaMode.SINGLE, true,
                RidgeCV.Score.SIGNED_SQRT_R2, RidgeCV.DEFAULT_SINGULAR_CUTOFF));
    }

    @Test
    void plantedNoiseLevelsSelectIncreasingAlphas() {
        // Voxels share features but differ in noise: the per-voxel α must rise with the noise.
        Random rng = new Random(4);
        int n = 400;
        int p = 30;
        double[] noise = {0.05, 1, 8};
        float[][] x = RidgeTest.gaussian(n, p, rng);
        float[][] y = new float[n][noise.length];
        double[] w = new double[p];
        for (int i = 0; i < p; i++) {
            w[i] = rng.nextGaussian() / Math.sqrt(p);
        }
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (int i = 0; i < p; i++) {
                s += x[t][i] * w[i];
            }
            for (int j = 0; j < noise.length; j++) {
                y[t][j] = (float) (s + noise[j] * rng.nextGaussian());
            }
        }
        RidgeCV.Options opts = new RidgeCV.Options(Stats.logspace(-3, 4, 15), RidgeCV.AlphaMode.PER_VOXEL, false,
                RidgeCV.Score.CORRELATION, RidgeCV.DEFAULT_SINGULAR_CUTOFF);
        RidgeCV.Result r = RidgeCV.fit(x, y, Folds.bootstrap(n, 10, 10, 20, 1), opts, null, null);
        assertTrue(r.alphas()[0] < r.alphas()[1] && r.alphas()[1] < r.alphas()[2],
                "alphas " + java.util.Arrays.toString(r.alphas()));
        assertEquals(null, r.testScores());
        // weights of the clean voxel recover the planted ones
        for (int i = 0; i < p; i++) {
            assertEquals(w[i], r.weights()[i][0], 0.02);
        }
    }

    @Test
    void bootstrapFoldsHoldOutWholeBlocks() {
        List<Fold> folds = Folds.bootstrap(105, 10, 3, 5, 42);
        assertEquals(5, folds.size());
        for (Fold f : folds) {
            assertEquals(30, f.validation().length);
            assertEquals(75, f.train().length); // includes the 5 remainder rows, never held out
            for (int i = 0; i < 30; i += 10) {
                assertEquals(0, f.validation()[i] % 10);
            }
            java.util.Set<Integer> all = new java.util.HashSet<>();
            for (int r : f.train()) {
                all.add(r);
            }
            for (int r : f.validation()) {
                assertTrue(all.add(r), "row " + r + " both trained on and held out");
            }
            assertEquals(105, all.size());
        }
        assertArrayEquals(folds.get(2).validation(), Folds.bootstrap(105, 10, 3, 5, 42).get(2).validation());
        assertThrows(IllegalArgumentException.class, () -> Folds.bootstrap(100, 10, 10, 5, 1));
    }

    @Test
    void kfoldMatchesSklearnSizes() {
        List<Fold> folds = Folds.kfold(10, 3);
        assertArrayEquals(new int[] {0, 1, 2, 3}, folds.get(0).validation());
        assertArrayEquals(new int[] {4, 5, 6}, folds.get(1).validation());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, folds.get(2).train());
    }

    @Test
    void rejectsFoldOutsideData() {
        float[][] x = new float[5][2];
        float[][] y = new float[5][1];
        List<Fold> folds = List.of(new Fold(new int[] {0, 1}, new int[] {2, 7}));
        assertThrows(IllegalArgumentException.class,
                () -> RidgeCV.fit(x, y, folds, RidgeCV.Options.defaults(), null, null));
    }

    private static void check(LinearAlgebra la, String name, RidgeCV.Options opts) {
        List<Fold> folds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            folds.add(new Fold(ints(REF.get("fold" + i + ".train")), ints(REF.get("fold" + i + ".validation"))));
        }
        RidgeCV.Result r = RidgeCV.fit(floats(REF.matrix("x_train")), floats(REF.matrix("y_train")), folds, opts,
                floats(REF.matrix("x_test")), floats(REF.matrix("y_test")), la);
        double[][] cv = REF.matrix(name + ".cv");
        for (int a = 0; a < cv.length; a++) {
            assertArrayEquals(cv[a], toDouble(r.cvScores()[a]), 1e-5, "cv scores of alpha " + a);
        }
        assertArrayEquals(REF.get(name + ".chosen"), r.alphas());
        double[][] w = REF.matrix(name + ".weights");
        for (int i = 0; i < w.length; i++) {
            assertArrayEquals(w[i], toDouble(r.weights()[i]), 2e-5, "weights row " + i);
        }
        assertArrayEquals(REF.get(name + ".test"), toDouble(r.testScores()), 1e-5);
    }

    static float[][] floats(double[][] m) {
        float[][] out = new float[m.length][m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                out[i][j] = (float) m[i][j];
            }
        }
        return out;
    }

    private static int[] ints(double[] d) {
        return java.util.Arrays.stream(d).mapToInt(x -> (int) x).toArray();
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
