package io.encodingfarm.science;

/**
 * Noise ceiling from repeated presentations (Schoppe et al. 2016, as used by seed A). Each repeat is
 * z-scored per voxel (ddof 0) first, which the signal-power formula assumes.
 */
public final class NoiseCeiling {
    private NoiseCeiling() {
    }

    /**
     * Per voxel: y = mean over repeats, SP = (N·var(y) − 1)/(N − 1) (var over time, ddof 1),
     * cc_max = 1/√(1 + (1/SP − 1)/N). Voxels with SP ≤ 0 carry no repeatable signal: cc_max 0.
     *
     * @param repeats repeats x TRs x voxels
     */
    public static double[] ccMax(float[][][] repeats) {
        int n = repeats.length;
        double[] sp = signalPower(repeatMean(zscoredRepeats(repeats)), n);
        double[] out = new double[sp.length];
        for (int v = 0; v < sp.length; v++) {
            out[v] = sp[v] > 0 ? 1 / Math.sqrt(1 + (1 / sp[v] - 1) / n) : 0;
        }
        return out;
    }

    /** r / cc_max per voxel; 0 where cc_max is 0. */
    public static float[] normalize(float[] scores, double[] ccMax) {
        if (scores.length != ccMax.length) {
            throw new IllegalArgumentException(scores.length + " scores but " + ccMax.length + " ceilings");
        }
        float[] out = new float[scores.length];
        for (int v = 0; v < out.length; v++) {
            out[v] = ccMax[v] > 0 ? (float) (scores[v] / ccMax[v]) : 0;
        }
        return out;
    }

    /**
     * Direct normalized correlation cc_norm = cov(y, ŷ)/(√SP·sd(ŷ)), ddof 1, y the repeat mean.
     * 0 where SP ≤ 0 or the prediction is constant.
     *
     * @param prediction TRs x voxels
     */
    public static float[] ccNorm(float[][][] repeats, float[][] prediction) {
        double[][] y = repeatMean(zscoredRepeats(repeats));
        double[] sp = signalPower(y, repeats.length);
        int trs = y.length;
        int voxels = sp.length;
        if (prediction.length != trs || prediction[0].length != voxels) {
            throw new IllegalArgumentException("prediction is " + prediction.length + "x" + prediction[0].length
                    + " but the repeats are " + trs + " TRs x " + voxels + " voxels");
        }
        float[] out = new float[voxels];
        for (int v = 0; v < voxels; v++) {
            double my = 0;
            double mp = 0;
            for (int t = 0; t < trs; t++) {
                my += y[t][v];
                mp += prediction[t][v];
            }
            my /= trs;
            mp /= trs;
            double cov = 0;
            double vp = 0;
            for (int t = 0; t < trs; t++) {
                double dp = prediction[t][v] - mp;
                cov += (y[t][v] - my) * dp;
                vp += dp * dp;
            }
            double sdPrediction = Math.sqrt(vp / (trs - 1));
            double denom = Math.sqrt(Math.max(sp[v], 0)) * sdPrediction;
            out[v] = denom > 0 ? (float) (cov / (trs - 1) / denom) : 0;
        }
        return out;
    }

    /** SP per voxel from the repeat mean y of n z-scored repeats. */
    private static double[] signalPower(double[][] y, int n) {
        int trs = y.length;
        int voxels = y[0].length;
        double[] sp = new double[voxels];
        for (int v = 0; v < voxels; v++) {
            double m = 0;
            for (double[] row : y) {
                m += row[v];
            }
            m /= trs;
            double var = 0;
            for (double[] row : y) {
                var += (row[v] - m) * (row[v] - m);
            }
            var /= trs - 1;
            sp[v] = (n * var - 1) / (n - 1);
        }
        return sp;
    }

    private static float[][][] zscoredRepeats(float[][][] repeats) {
        if (repeats.length < 2) {
            throw new IllegalArgumentException("a noise ceiling needs at least 2 repeats, got " + repeats.length);
        }
        float[][][] z = new float[repeats.length][][];
        for (int r = 0; r < repeats.length; r++) {
            Arrays2d.requireRectangular(repeats[r], "repeat " + r);
            Arrays2d.requireSameShape(repeats[r], repeats[0], "repeat " + r, "repeat 0");
            if (repeats[r].length < 2) {
                throw new IllegalArgumentException("repeats need at least 2 TRs, got " + repeats[r].length);
            }
            z[r] = Preprocessing.zscore(repeats[r]);
        }
        return z;
    }

    private static double[][] repeatMean(float[][][] z) {
        int trs = z[0].length;
        int voxels = z[0][0].length;
        double[][] y = new double[trs][voxels];
        for (float[][] rep : z) {
            for (int t = 0; t < trs; t++) {
                for (int v = 0; v < voxels; v++) {
                    y[t][v] += rep[t][v] / (double) z.length;
                }
            }
        }
        return y;
    }
}
