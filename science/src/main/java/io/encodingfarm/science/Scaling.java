package io.encodingfarm.science;

import java.util.SplittableRandom;

/** Scaling-law fits: score against ln(parameter count), and multiple OLS with coefficient p-values. */
public final class Scaling {
    private Scaling() {
    }

    /** Simple OLS y = intercept + slope·x, with Pearson r, two-sided p of the slope (t, n−2 df) and R². */
    public record LinearFit(double slope, double intercept, double r, double p, double r2) {
    }

    /** {@link LinearFit} of y on ln N plus a percentile bootstrap 95 % interval of the slope. */
    public record ScalingFit(double slope, double intercept, double r, double p, double r2, double slopeCiLow,
                             double slopeCiHigh) {
    }

    /**
     * Multiple OLS with intercept. Arrays are indexed [intercept, predictor 0, predictor 1, …].
     *
     * @param p two-sided p-values (t with n − k − 1 df)
     */
    public record MultipleFit(double[] coefficients, double[] standardErrors, double[] t, double[] p, double r2) {
    }

    public static LinearFit ols(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
        if (x.length < 3) {
            throw new IllegalArgumentException("a line with a p-value needs at least 3 points, got " + x.length);
        }
        requireFinite(x, "x");
        requireFinite(y, "y");
        int n = x.length;
        Moments m = Moments.of(x, y);
        double sxx = m.sxx();
        double syy = m.syy();
        double sxy = m.sxy();
        if (sxx == 0) {
            throw new IllegalArgumentException("all x values are equal: the slope is undefined");
        }
        double slope = sxy / sxx;
        double r = syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
        double r2 = r * r;
        double df = n - 2;
        double p;
        if (syy == 0 || r2 >= 1) {
            p = syy == 0 ? 1 : 0;
        } else {
            double t = r * Math.sqrt(df / (1 - r2));
            p = SpecialFunctions.studentTwoSidedP(t, df);
        }
        return new LinearFit(slope, m.meanY() - slope * m.meanX(), r, p, r2);
    }

    /**
     * OLS of y on ln(nParams), with a bootstrap (resampling models with replacement; draws whose x are all
     * equal are redrawn) 95 % percentile interval of the slope.
     */
    public static ScalingFit logFit(double[] nParams, double[] y, int bootstraps, long seed) {
        double[] lnN = new double[nParams.length];
        for (int i = 0; i < lnN.length; i++) {
            if (!(nParams[i] > 0)) {
                throw new IllegalArgumentException("parameter count " + i + " is " + nParams[i] + ": must be > 0");
            }
            lnN[i] = Math.log(nParams[i]);
        }
        LinearFit fit = ols(lnN, y);
        if (bootstraps < 1) {
            throw new IllegalArgumentException("bootstraps must be >= 1, got " + bootstraps);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] slopes = new double[bootstraps];
        int n = lnN.length;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int b = 0; b < bootstraps; b++) {
            do {
                for (int i = 0; i < n; i++) {
                    int k = rng.nextInt(n);
                    bx[i] = lnN[k];
                    by[i] = y[k];
                }
            } while (allEqual(bx));
            slopes[b] = slopeOnly(bx, by);
        }
        return new ScalingFit(fit.slope(), fit.intercept(), fit.r(), fit.p(), fit.r2(),
                Stats.percentile(slopes, 2.5), Stats.percentile(slopes, 97.5));
    }

    /** @param predictors n x k (without the intercept column, which is added) */
    public static MultipleFit multipleOls(double[][] predictors, double[] y) {
        Arrays2d.requireRectangular(predictors, "predictors");
        requireFinite(y, "y");
        int n = predictors.length;
        int k = predictors[0].length + 1;
        if (y.length != n) {
            throw new IllegalArgumentException(n + " predictor rows but " + y.length + " y values");
        }
        if (n <= k) {
            throw new IllegalArgumentException(n + " observations cannot fit " + k
                    + " coefficients with a residual: need more rows than coefficients");
        }
        double[] xtx = new double[k * k];
        double[] xty = new double[k];
        double[] row = new double[k];
        for (int i = 0; i < n; i++) {
            row[0] = 1;
            System.arraycopy(predictors[i], 0, row, 1, k - 1);
            for (int a = 0; a < k; a++) {
                xty[a] += row[a] * y[i];
                for (int b = 0; b < k; b++) {
                    xtx[a * k + b] += row[a] * row[b];
                }
            }
        }
        double[] inverse = inverseOfSymmetric(xtx, k);
        double[] beta = new double[k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                beta[a] += inverse[a * k + b] * xty[b];
            }
        }
        double my = 0;
        for (double v : y) {
            my += v;
        }
        my /= n;
        double rss = 0;
        double tss = 0;
        for (int i = 0; i < n; i++) {
            double fitted = beta[0];
            for (int a = 1; a < k; a++) {
                fitted += beta[a] * predictors[i][a - 1];
            }
            rss += (y[i] - fitted) * (y[i] - fitted);
            tss += (y[i] - my) * (y[i] - my);
        }
        double df = n - k;
        double sigma2 = rss / df;
        double[] se = new double[k];
        double[] t = new double[k];
        double[] p = new double[k];
        for (int a = 0; a < k; a++) {
            se[a] = Math.sqrt(sigma2 * inverse[a * k + a]);
            t[a] = se[a] > 0 ? beta[a] / se[a] : Math.copySign(Double.POSITIVE_INFINITY, beta[a]);
            p[a] = SpecialFunctions.studentTwoSidedP(t[a], df);
        }
        return new MultipleFit(beta, se, t, p, tss > 0 ? 1 - rss / tss : 0);
    }

    /**
     * Per-voxel slope of score on ln N.
     *
     * @param scores models x voxels
     */
    public static float[] slopePerVoxel(double[] nParams, float[][] scores) {
        Arrays2d.requireRectangular(scores, "scores");
        if (nParams.length != scores.length) {
            throw new IllegalArgumentException(nParams.length + " parameter counts but " + scores.length
                    + " score rows: one row per model is needed");
        }
        double[] lnN = new double[nParams.length];
        for (int i = 0; i < lnN.length; i++) {
            lnN[i] = Math.log(nParams[i]);
        }
        if (allEqual(lnN)) {
            throw new IllegalArgumentException("all models have the same parameter count: the slope is undefined");
        }
        int voxels = scores[0].length;
        float[] out = new float[voxels];
        double[] y = new double[lnN.length];
        for (int v = 0; v < voxels; v++) {
            for (int m = 0; m < lnN.length; m++) {
                y[m] = scores[m][v];
            }
            out[v] = (float) slopeOnly(lnN, y);
        }
        return out;
    }

    private static double slopeOnly(double[] x, double[] y) {
        Moments m = Moments.of(x, y);
        return m.sxy() / m.sxx();
    }

    /** Means and centered sums of squares and products of paired samples. */
    private record Moments(double meanX, double meanY, double sxx, double syy, double sxy) {
        static Moments of(double[] x, double[] y) {
            int n = x.length;
            double mx = 0;
            double my = 0;
            for (int i = 0; i < n; i++) {
                mx += x[i];
                my += y[i];
            }
            mx /= n;
            my /= n;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++) {
                sxx += (x[i] - mx) * (x[i] - mx);
                syy += (y[i] - my) * (y[i] - my);
                sxy += (x[i] - mx) * (y[i] - my);
            }
            return new Moments(mx, my, sxx, syy, sxy);
        }
    }

    private static double[] inverseOfSymmetric(double[] a, int k) {
        SymmetricEigen eig = SymmetricEigen.of(a, k);
        if (!(eig.values[0] > 1e-12 * Math.abs(eig.values[k - 1]))) {
            throw new IllegalArgumentException("predictors are collinear (XᵀX is singular): drop a redundant column");
        }
        double[] inv = new double[k * k];
        for (int e = 0; e < k; e++) {
            double[] vec = eig.vectors[e];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    inv[i * k + j] += vec[i] * vec[j] / eig.values[e];
                }
            }
        }
        return inv;
    }

    private static boolean allEqual(double[] x) {
        for (double v : x) {
            if (v != x[0]) {
                return false;
            }
        }
        return true;
    }

    private static void requireFinite(double[] v, String name) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + v[i]);
            }
        }
    }
}
