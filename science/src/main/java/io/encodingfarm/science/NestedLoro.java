package io.encodingfarm.science;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Seed B's nested leave-one-run-out ridge (Bonnasse-Gahot &amp; Pallier 2024).
 *
 * <p>For each test run the validation run is the lowest-indexed other run; every α is fitted on the
 * remaining runs and the single α with the best voxel-mean Pearson r on the validation run is refitted on
 * all non-test runs and scored per voxel on the test run. XᵀX and XᵀY are computed once: a fold's
 * training blocks are the totals minus the held-out runs' blocks.
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
        Shape shape = Shape.check(xRuns, yRuns, alphas);
        int runs = xRuns.size();
        int p = shape.features;
        int v = shape.voxels;

        double[][] runGram = new double[runs][];
        double[] gramAll = new double[p * p];
        for (int r = 0; r < runs; r++) {
            runGram[r] = crossProduct(xRuns.get(r), rowsOf(xRuns.get(r)), p);
            add(gramAll, runGram[r], 1);
        }
        float[][] xtyAll = Dense.toFloatRows(crossProduct(stack(xRuns), rowsOfAll(yRuns), v), p, v);
        float[][] xtyRun0 = null;

        float[] mean = new float[v];
        float[][] foldScores = new float[runs][];
        double[] chosen = new double[runs];
        for (int test = 0; test < runs; test++) {
            int validation = test == 0 ? 1 : 0;
            double[] xtyTest = crossProduct(xRuns.get(test), rowsOf(yRuns.get(test)), v);
            float[][] outer = difference(xtyAll, xtyTest, v);
            float[][] xtyValidation;
            if (validation == 0) {
                if (xtyRun0 == null) {
                    xtyRun0 = Dense.toFloatRows(crossProduct(xRuns.get(0), rowsOf(yRuns.get(0)), v), p, v);
                }
                xtyValidation = xtyRun0;
            } else {
                xtyValidation = Dense.toFloatRows(crossProduct(xRuns.get(1), rowsOf(yRuns.get(1)), v), p, v);
            }
            float[][] inner = difference(outer, xtyValidation);

            double[] innerGram = gramAll.clone();
            add(innerGram, runGram[test], -1);
            add(innerGram, runGram[validation], -1);
            EigenRidge innerRidge = new EigenRidge(innerGram, p);
            double[] xVal = flat(xRuns.get(validation), p);
            int valRows = xRuns.get(validation).length;
            double best = Double.NEGATIVE_INFINITY;
            for (double alpha : alphas) {
                double[] pred = Dense.multiply(innerRidge.projector(xVal, valRows, alpha), valRows, p,
                        Arrays.asList(inner), v);
                double score = meanOf(Stats.pearson(pred, yRuns.get(validation), 0, valRows));
                if (score > best) {
                    best = score;
                    chosen[test] = alpha;
                }
            }

            double[] outerGram = gramAll.clone();
            add(outerGram, runGram[test], -1);
            EigenRidge outerRidge = new EigenRidge(outerGram, p);
            int testRows = xRuns.get(test).length;
            double[] pred = Dense.multiply(outerRidge.projector(flat(xRuns.get(test), p), testRows, chosen[test]),
                    testRows, p, Arrays.asList(outer), v);
            double[] r = Stats.pearson(pred, yRuns.get(test), 0, testRows);
            foldScores[test] = new float[v];
            for (int j = 0; j < v; j++) {
                foldScores[test][j] = (float) r[j];
                mean[j] += (float) (r[j] / runs);
            }
        }
        return new LoroResult(mean, chosen, foldScores);
    }

    /** Aᵀ·B over the rows of a (rows x p) and b (rows x n): p x n row-major double. */
    private static double[] crossProduct(float[][] a, List<float[]> b, int n) {
        int p = a[0].length;
        return Dense.multiply(Dense.transpose(Arrays.asList(a), p), p, a.length, b, n);
    }

    private static List<float[]> rowsOf(float[][] x) {
        return Arrays.asList(x);
    }

    private static List<float[]> rowsOfAll(List<float[][]> runs) {
        List<float[]> rows = new ArrayList<>();
        for (float[][] run : runs) {
            rows.addAll(Arrays.asList(run));
        }
        return rows;
    }

    /** Row references of all runs, no copy. */
    private static float[][] stack(List<float[][]> runs) {
        return rowsOfAll(runs).toArray(new float[0][]);
    }

    private static float[][] difference(float[][] total, double[] part, int n) {
        float[][] out = new float[total.length][n];
        for (int i = 0; i < total.length; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = (float) (total[i][j] - part[i * n + j]);
            }
        }
        return out;
    }

    private static float[][] difference(float[][] total, float[][] part) {
        float[][] out = new float[total.length][];
        for (int i = 0; i < total.length; i++) {
            out[i] = new float[total[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = total[i][j] - part[i][j];
            }
        }
        return out;
    }

    private static void add(double[] target, double[] x, double sign) {
        for (int i = 0; i < target.length; i++) {
            target[i] += sign * x[i];
        }
    }

    private static double[] flat(float[][] x, int p) {
        double[] out = new double[x.length * p];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < p; c++) {
                out[r * p + c] = x[r][c];
            }
        }
        return out;
    }

    private static double meanOf(double[] x) {
        double s = 0;
        for (double d : x) {
            s += d;
        }
        return s / x.length;
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
