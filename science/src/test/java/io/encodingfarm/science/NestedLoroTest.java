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

class NestedLoroTest {
    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void matchesBruteForceDirectSolves(LinearAlgebra la) {
        Random rng = new Random(11);
        // six runs: more than the three cached XᵀY blocks, so evictions are exercised
        Problem prob = Problem.planted(rng, 6, new int[] {30, 25, 28, 33, 27, 31}, 6, 5, 2.0);
        double[] alphas = Stats.logspace(-1, 3, 9);
        LoroResult got = NestedLoro.fit(prob.x, prob.y, alphas, la);
        LoroResult expected = bruteForce(prob.x, prob.y, alphas);
        assertArrayEquals(expected.chosenAlphas(), got.chosenAlphas());
        for (int t = 0; t < prob.x.size(); t++) {
            assertArrayEquals(expected.foldScores()[t], got.foldScores()[t], 2e-5f, "fold " + t);
        }
        assertArrayEquals(expected.scores(), got.scores(), 2e-5f);
    }

    @ParameterizedTest
    @MethodSource("io.encodingfarm.science.Backends#all")
    void matchesNumpyFloat64Reference(LinearAlgebra la) {
        References ref = References.load("loro.txt");
        List<float[][]> xs = new ArrayList<>();
        List<float[][]> ys = new ArrayList<>();
        for (int r = 0; r < ref.get("lengths").length; r++) {
            xs.add(RidgeCVTest.floats(ref.matrix("x" + r)));
            ys.add(RidgeCVTest.floats(ref.matrix("y" + r)));
        }
        LoroResult got = NestedLoro.fit(xs, ys, ref.get("alphas"), la);
        assertArrayEquals(ref.get("chosen"), got.chosenAlphas());
        double[][] folds = ref.matrix("folds");
        for (int t = 0; t < folds.length; t++) {
            for (int j = 0; j < folds[t].length; j++) {
                assertEquals(folds[t][j], got.foldScores()[t][j], 1e-5, "fold " + t + " voxel " + j);
            }
        }
        double[] scores = ref.get("scores");
        for (int j = 0; j < scores.length; j++) {
            assertEquals(scores[j], got.scores()[j], 1e-5);
        }
    }

    @Test
    void recoversPlantedWeightsAndPicksLargerAlphaForNoisierData() {
        // 40 features on 160 training rows: the optimal α (noise variance / weight variance) is ~0.4 when
        // clean and ~360 when noisy.
        int[] lengths = {40, 40, 40, 40, 40, 40};
        double[] alphas = Stats.logspace(-2, 4, 13);
        Problem cleanProb = Problem.planted(new Random(9), 6, lengths, 40, 50, 0.1);
        LoroResult clean = NestedLoro.fit(cleanProb.x, cleanProb.y, alphas);
        for (float r : clean.scores()) {
            assertTrue(r > 0.95, "clean planted signal should be predicted, got r = " + r);
        }
        Problem noisy = Problem.planted(new Random(9), 6, lengths, 40, 50, 3.0);
        LoroResult noisyFit = NestedLoro.fit(noisy.x, noisy.y, alphas);
        double meanNoisy = Stats.mean(noisyFit.scores());
        assertTrue(meanNoisy > 0.1 && meanNoisy < 0.6, "noisy fit mean r " + meanNoisy);
        assertTrue(median(noisyFit.chosenAlphas()) > median(clean.chosenAlphas()),
                "noisier data should select stronger regularization: " + java.util.Arrays.toString(noisyFit.chosenAlphas()) + " vs " + java.util.Arrays.toString(clean.chosenAlphas()));
        assertEquals(6, noisyFit.foldScores().length);
    }

    @Test
    void rejectsInconsistentRuns() {
        Problem prob = Problem.planted(new Random(1), 3, new int[] {10, 10, 10}, 3, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> NestedLoro.fit(prob.x.subList(0, 2), prob.y.subList(0, 2),
                new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> NestedLoro.fit(prob.x, prob.y, new double[] {0}));
        List<float[][]> shortY = new ArrayList<>(prob.y);
        shortY.set(2, new float[9][2]);
        assertThrows(IllegalArgumentException.class, () -> NestedLoro.fit(prob.x, shortY, new double[] {1}));
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Per fold, per α: stack the training rows and solve (XᵀX + αI) W = XᵀY column by column. */
    private static LoroResult bruteForce(List<float[][]> xs, List<float[][]> ys, double[] alphas) {
        int runs = xs.size();
        int v = ys.get(0)[0].length;
        float[][] fold = new float[runs][];
        double[] chosen = new double[runs];
        float[] mean = new float[v];
        for (int t = 0; t < runs; t++) {
            int val = t == 0 ? 1 : 0;
            List<Integer> inner = new ArrayList<>();
            List<Integer> outer = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                if (r != t) {
                    outer.add(r);
                    if (r != val) {
                        inner.add(r);
                    }
                }
            }
            double best = Double.NEGATIVE_INFINITY;
            for (double a : alphas) {
                float[] r = Stats.pearsonPerColumn(predict(xs, ys, inner, a, xs.get(val)), ys.get(val));
                double m = Stats.mean(r);
                if (m > best) {
                    best = m;
                    chosen[t] = a;
                }
            }
            fold[t] = Stats.pearsonPerColumn(predict(xs, ys, outer, chosen[t], xs.get(t)), ys.get(t));
            for (int j = 0; j < v; j++) {
                mean[j] += fold[t][j] / runs;
            }
        }
        return new LoroResult(mean, chosen, fold);
    }

    private static float[][] predict(List<float[][]> xs, List<float[][]> ys, List<Integer> train, double alpha,
                                     float[][] xEval) {
        int p = xs.get(0)[0].length;
        int v = ys.get(0)[0].length;
        double[][] system = new double[p][p];
        double[][] rhs = new double[p][v];
        for (int run : train) {
            float[][] x = xs.get(run);
            float[][] y = ys.get(run);
            for (int r = 0; r < x.length; r++) {
                for (int i = 0; i < p; i++) {
                    for (int k = 0; k < p; k++) {
                        system[i][k] += (double) x[r][i] * x[r][k];
                    }
                    for (int j = 0; j < v; j++) {
                        rhs[i][j] += (double) x[r][i] * y[r][j];
                    }
                }
            }
        }
        double[][] w = new double[v][];
        for (int j = 0; j < v; j++) {
            double[][] aug = new double[p][p + 1];
            for (int i = 0; i < p; i++) {
                System.arraycopy(system[i], 0, aug[i], 0, p);
                aug[i][i] += alpha;
                aug[i][p] = rhs[i][j];
            }
            w[j] = RidgeTest.gaussianElimination(aug);
        }
        float[][] pred = new float[xEval.length][v];
        for (int r = 0; r < xEval.length; r++) {
            for (int j = 0; j < v; j++) {
                double s = 0;
                for (int i = 0; i < p; i++) {
                    s += xEval[r][i] * w[j][i];
                }
                pred[r][j] = (float) s;
            }
        }
        return pred;
    }

    /** Runs of Gaussian features and responses Y = X·W + noise, W shared by all runs. */
    record Problem(List<float[][]> x, List<float[][]> y) {
        static Problem planted(Random rng, int runs, int[] lengths, int p, int v, double noise) {
            double[][] w = new double[p][v];
            for (double[] row : w) {
                for (int j = 0; j < v; j++) {
                    row[j] = rng.nextGaussian() / Math.sqrt(p);
                }
            }
            List<float[][]> xs = new ArrayList<>();
            List<float[][]> ys = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                float[][] x = RidgeTest.gaussian(lengths[r], p, rng);
                float[][] y = new float[lengths[r]][v];
                for (int t = 0; t < lengths[r]; t++) {
                    for (int j = 0; j < v; j++) {
                        double s = noise * rng.nextGaussian();
                        for (int i = 0; i < p; i++) {
                            s += x[t][i] * w[i][j];
                        }
                        y[t][j] = (float) s;
                    }
                }
                xs.add(x);
                ys.add(y);
            }
            return new Problem(xs, ys);
        }
    }
}
