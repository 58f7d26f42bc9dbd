package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed B's nested leave-one-run-out ridge (Bonnasse-Gahot &amp; Pallier 2024).
 *
 * <p>For each test run the validation run is the lowest-indexed other run; every α is fitted on the
 * remaining runs and the single α with the best voxel-mean Pearson r on the validation run is refitted on
 * all non-test runs and scored per voxel on the test run. XᵀX and XᵀY are computed once over all runs
 * and once per run: a fold's training blocks are the totals minus the held-out runs' blocks. One
 * eigendecomposition per fold serves all α; the refit with the chosen α is a Cholesky solve.
 */
public final class NestedLoro {
    private NestedLoro() {
    }

    /** Seed B's α grid, logspace(2, 7, 16). */
    public static double[] defaultAlphas() {
        return Stats.logspace(2, 7, 16);
    }

    /**
     * @param xRuns per run, TRs x features (already z-scored per run)
     * @param yRuns per run, TRs x voxels (already z-scored per run)
     */
    public static LoroResult fit(List<float[][]> xRuns, List<float[][]> yRuns, double[] alphas) {
        return fit(xRuns, yRuns, alphas, LinearAlgebra.preferred());
    }

    static LoroResult fit(List<float[][]> xRuns, List<float[][]> yRuns, double[] alphas, LinearAlgebra la) {
        Shape shape = Shape.check(xRuns, yRuns, alphas);
        int runs = xRuns.size();
        int v = shape.voxels;
        int[] runStart = new int[runs + 1];
        List<float[]> xRows = new ArrayList<>();
        List<float[]> yRows = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            xRows.addAll(Arrays.asList(xRuns.get(r)));
            yRows.addAll(Arrays.asList(yRuns.get(r)));
            runStart[r + 1] = xRows.size();
        }
        double[] sum = new double[v];
        float[][] foldScores = new float[runs][];
        double[] chosen = new double[runs];
        try (RidgeProblem problem = new RidgeProblem(la, xRows, yRows, runStart)) {
            for (int test = 0; test < runs; test++) {
                int validation = test == 0 ? 1 : 0;
                double best = Double.NEGATIVE_INFINITY;
                try (RidgeProblem.Trained inner = problem.trainWithout(new int[] {test, validation}, 0)) {
                    double[][] scores = inner.score(problem.group(validation),
                            alphas, RidgeCV.Score.CORRELATION);
                    for (int a = 0; a < alphas.length; a++) {
                        double score = Arrays.stream(scores[a]).average().orElseThrow();
                        if (score > best) {
                            best = score;
                            chosen[test] = alphas[a];
                        }
                    }
                }
                double[] r;
                try (RidgeProblem.Trained outer = problem.trainWithoutAt(new int[] {test}, chosen[test])) {
                    r = outer.score(problem.group(test),
                            new double[] {chosen[test]}, RidgeCV.Score.CORRELATION)[0];
                }
                foldScores[test] = new float[v];
                for (int j = 0; j < v; j++) {
                    foldScores[test][j] = (float) r[j];
                    sum[j] += r[j];
                }
            }
        }
        float[] mean = new float[v];
        for (int j = 0; j < v; j++) {
            mean[j] = (float) (sum[j] / runs);
        }
        return new LoroResult(mean, chosen, foldScores);
    }

    /** Validated dimensions of a LORO problem. */
    private record Shape(int features, int voxels) {
        static Shape check(List<float[][]> xRuns, List<float[][]> yRuns, double[] alphas) {
            if (xRuns.size() != yRuns.size()) {
                throw new IllegalArgumentException(xRuns.size() + " feature runs but " + yRuns.size()
                        + " response runs: pass one of each per run");
            }
            if (xRuns.size() < 3) {
                throw new IllegalArgumentException("nested LORO needs at least 3 runs (test, validation, train), got "
                        + xRuns.size());
            }
            if (alphas.length == 0) {
                throw new IllegalArgumentException("no alphas given");
            }
            for (double a : alphas) {
                if (!(a > 0) || Double.isInfinite(a)) {
                    throw new IllegalArgumentException("alphas must be positive and finite, got " + a);
                }
            }
            int p = -1;
            int v = -1;
            for (int r = 0; r < xRuns.size(); r++) {
                float[][] x = xRuns.get(r);
                float[][] y = yRuns.get(r);
                Arrays2d.requireRectangular(x, "x run " + r);
                Arrays2d.requireRectangular(y, "y run " + r);
                if (x.length != y.length) {
                    throw new IllegalArgumentException("run " + r + " has " + x.length + " feature rows but "
                            + y.length + " response rows");
                }
                if (r == 0) {
                    p = x[0].length;
                    v = y[0].length;
                } else if (x[0].length != p || y[0].length != v) {
                    throw new IllegalArgumentException("run " + r + " is " + x[0].length + " features x "
                            + y[0].length + " voxels, run 0 is " + p + " x " + v);
                }
                if (x.length < 2) {
                    throw new IllegalArgumentException("run " + r + " has " + x.length
                            + " rows: Pearson r needs at least 2");
                }
            }
            return new Shape(p, v);
        }
    }
}
