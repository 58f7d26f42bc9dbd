package io.encodingfarm.science;

import java.util.Arrays;
import java.util.List;

/**
 * Ridge regression (no intercept) with α chosen by cross-validation over given folds: seed A's bootstrap
 * ({@link Folds#bootstrap}), k-fold ({@link Folds#kfold}) or explicit folds. Each fold is one
 * eigendecomposition serving every α; the final weights are refitted on all training rows.
 */
public final class RidgeCV {
    public static final double DEFAULT_SINGULAR_CUTOFF = 1e-10;

    public enum AlphaMode {
        /** Each voxel takes the α with its best mean validation score. */
        PER_VOXEL,
        /** One α for all voxels: best voxel-mean of the mean validation score. */
        SINGLE
    }

    public enum Score {
        /** Pearson r. */
        CORRELATION,
        /** sign(R²)·√|R²| with R² = 1 − var(y−ŷ)/((1+var(y))/2), seed A's non-correlation score. */
        SIGNED_SQRT_R2
    }

    /**
     * @param alphaSquared seed A's convention: the penalty is α² (shrinkage s/(s²+α²))
     * @param singularCutoff singular values of X at or below this are dropped
     */
    public record Options(double[] alphas, AlphaMode alphaMode, boolean alphaSquared, Score score,
                          double singularCutoff) {
        public Options {
            if (alphas.length == 0) {
                throw new IllegalArgumentException("no alphas given");
            }
            for (double a : alphas) {
                if (!(a > 0) || Double.isInfinite(a)) {
                    throw new IllegalArgumentException("alphas must be positive and finite, got " + a);
                }
            }
            if (!(singularCutoff >= 0)) {
                throw new IllegalArgumentException("singular cutoff must be >= 0, got " + singularCutoff);
            }
        }

        /** Seed A's grid logspace(1, 3, 10), per-voxel α, plain α, Pearson r, cutoff 1e-10. */
        public static Options defaults() {
            return new Options(Stats.logspace(1, 3, 10), AlphaMode.PER_VOXEL, false, Score.CORRELATION,
                    DEFAULT_SINGULAR_CUTOFF);
        }

        double penalty(double alpha) {
            return alphaSquared ? alpha * alpha : alpha;
        }
    }

    /**
     * @param alphas     chosen α per voxel
     * @param cvScores   alphas x voxels, validation score averaged over folds
     * @param weights    features x voxels, refitted on all training rows
     * @param testScores per voxel on the test set, with the same score; null without a test set
     */
    public record Result(double[] alphas, float[][] cvScores, float[][] weights, float[] testScores) {
    }

    private RidgeCV() {
    }

    /** @param xTest, yTest optional (both null for no test set) */
    public static Result fit(float[][] xTrain, float[][] yTrain, List<Fold> folds, Options options,
                             float[][] xTest, float[][] yTest) {
        return fit(xTrain, yTrain, folds, options, xTest, yTest, LinearAlgebra.preferred());
    }

    static Result fit(float[][] xTrain, float[][] yTrain, List<Fold> folds, Options options, float[][] xTest,
                      float[][] yTest, LinearAlgebra la) {
        checkShapes(xTrain, yTrain, folds, xTest, yTest);
        int p = xTrain[0].length;
        int v = yTrain[0].length;
        double[] alphas = options.alphas();
        double[] penalties = Arrays.stream(alphas).map(options::penalty).toArray();
        double[][] cv = new double[alphas.length][v];
        double[] chosen;
        float[] weights;
        float[] test = null;
        try (RidgeProblem problem = new RidgeProblem(la, Arrays.asList(xTrain), Arrays.asList(yTrain))) {
            for (Fold fold : folds) {
                try (RidgeProblem.Trained trained = problem.train(fold.train(), options.singularCutoff())) {
                    double[][] s = trained.score(fold.validation(), penalties, options.score());
                    for (int a = 0; a < alphas.length; a++) {
                        for (int j = 0; j < v; j++) {
                            cv[a][j] += s[a][j] / folds.size();
                        }
                    }
                }
            }
            chosen = choose(cv, alphas, options.alphaMode());
            try (RidgeProblem.EigenFit all = problem.train(RidgeProblem.range(0, xTrain.length),
                    options.singularCutoff())) {
                weights = all.weights(Arrays.stream(chosen).map(options::penalty).toArray());
            }
        }
        if (xTest != null) {
            test = toFloat(scoreWeights(la, weights, p, v, Arrays.asList(xTest), Arrays.asList(yTest),
                    options.score()));
        }
        float[][] cvScores = new float[alphas.length][];
        for (int a = 0; a < alphas.length; a++) {
            cvScores[a] = toFloat(cv[a]);
        }
        float[][] weightRows = new float[p][];
        for (int i = 0; i < p; i++) {
            weightRows[i] = Arrays.copyOfRange(weights, i * v, (i + 1) * v);
        }
        return new Result(chosen, cvScores, weightRows, test);
    }

    /** Score of predictions X·W on a test set, in row batches. */
    private static double[] scoreWeights(LinearAlgebra la, float[] weights, int p, int v, List<float[]> x,
                                         List<float[]> y, Score score) {
        ScoreAccumulator acc = new ScoreAccumulator(v);
        try (LinearAlgebra.Panel w = la.panel(p, v)) {
            w.copyFrom(weights);
            for (int from = 0; from < x.size(); from += RidgeProblem.ROW_BATCH) {
                int to = Math.min(x.size(), from + RidgeProblem.ROW_BATCH);
                float[] xb = new float[(to - from) * p];
                for (int r = from; r < to; r++) {
                    System.arraycopy(x.get(r), 0, xb, (r - from) * p, p);
                }
                float[] pred = new float[(to - from) * v];
                la.multiply(xb, to - from, w, pred);
                acc.add(pred, y.subList(from, to));
            }
        }
        return acc.score(score);
    }

    private static void checkShapes(float[][] xTrain, float[][] yTrain, List<Fold> folds, float[][] xTest,
                                    float[][] yTest) {
        Arrays2d.requireRectangular(xTrain, "x train");
        Arrays2d.requireRectangular(yTrain, "y train");
        if (xTrain.length != yTrain.length) {
            throw new IllegalArgumentException("x train has " + xTrain.length + " rows but y train has "
                    + yTrain.length);
        }
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("no folds given");
        }
        for (int f = 0; f < folds.size(); f++) {
            folds.get(f).requireWithin(xTrain.length, f);
        }
        if ((xTest == null) != (yTest == null)) {
            throw new IllegalArgumentException("give both x test and y test, or neither");
        }
        if (xTest != null) {
            int p = xTrain[0].length;
            int v = yTrain[0].length;
            Arrays2d.requireRectangular(xTest, "x test");
            Arrays2d.requireRectangular(yTest, "y test");
            if (xTest.length != yTest.length || xTest[0].length != p || yTest[0].length != v) {
                throw new IllegalArgumentException("test set is " + xTest.length + "x" + xTest[0].length + " -> "
                        + yTest.length + "x" + yTest[0].length + ", training is " + p + " features -> " + v
                        + " voxels");
            }
        }
    }

    private static double[] choose(double[][] cv, double[] alphas, AlphaMode mode) {
        int v = cv[0].length;
        double[] chosen = new double[v];
        if (mode == AlphaMode.SINGLE) {
            int best = 0;
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < alphas.length; a++) {
                double m = Arrays.stream(cv[a]).average().orElseThrow();
                if (m > bestMean) {
                    bestMean = m;
                    best = a;
                }
            }
            Arrays.fill(chosen, alphas[best]);
            return chosen;
        }
        for (int j = 0; j < v; j++) {
            int best = 0;
            for (int a = 1; a < alphas.length; a++) {
                if (cv[a][j] > cv[best][j]) {
                    best = a;
                }
            }
            chosen[j] = alphas[best];
        }
        return chosen;
    }

    private static float[] toFloat(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }
}
