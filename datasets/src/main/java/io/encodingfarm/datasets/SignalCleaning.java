package io.encodingfarm.datasets;

import io.encodingfarm.science.Preprocessing;

/**
 * Seed B's per-run preprocessing of voxel time series (nilearn {@code signal.clean} with
 * {@code detrend=True, high_pass=1/128, standardize='zscore'}): linear detrend, 5th-order
 * Butterworth high-pass applied forward and backward (scipy {@code sosfiltfilt}, odd padding), then
 * z-score with ddof 0. Time runs down the rows, voxels across the columns.
 */
public final class SignalCleaning {
    public static final double HIGH_PASS_HZ = 1.0 / 128;
    public static final int ORDER = 5;

    private SignalCleaning() {
    }

    public static float[][] clean(float[][] trsByVoxels, double tr) {
        int trs = trsByVoxels.length;
        if (trs == 0) return trsByVoxels;
        double[][] sections = butterworthHighPass(ORDER, HIGH_PASS_HZ, 1 / tr);
        int padlen = padLength(sections);
        if (trs <= padlen) {
            throw new IllegalArgumentException("a run needs more than " + padlen + " TRs for the forward-backward high-pass filter, got " + trs);
        }
        int voxels = trsByVoxels[0].length;
        float[][] out = new float[trs][voxels];
        double[] series = new double[trs];
        for (int v = 0; v < voxels; v++) {
            for (int t = 0; t < trs; t++) series[t] = trsByVoxels[t][v];
            detrend(series);
            double[] filtered = filtfilt(sections, padlen, series);
            for (int t = 0; t < trs; t++) out[t][v] = (float) filtered[t];
        }
        return Preprocessing.zscore(out);
    }

    /** Removes the least-squares line a + b·t. */
    static void detrend(double[] x) {
        int n = x.length;
        double tMean = (n - 1) / 2.0;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double num = 0, den = 0;
        for (int t = 0; t < n; t++) {
            num += (t - tMean) * (x[t] - mean);
            den += (t - tMean) * (t - tMean);
        }
        double slope = den == 0 ? 0 : num / den;
        for (int t = 0; t < n; t++) x[t] -= mean + slope * (t - tMean);
    }

    /**
     * Second-order sections {b0, b1, b2, a0 = 1, a1, a2} of a digital Butterworth high-pass (scipy
     * {@code butter(order, cutoff/nyquist, 'high', output='sos')} up to the grouping of sections,
     * which changes nothing but rounding): analog prototype, high-pass transform, bilinear
     * transform with prewarping.
     */
    static double[][] butterworthHighPass(int order, double cutoffHz, double samplingHz) {
        double wn = cutoffHz / (samplingHz / 2);
        if (!(wn > 0 && wn < 1)) throw new IllegalArgumentException("high-pass cutoff " + cutoffHz + " Hz must lie below the Nyquist frequency " + samplingHz / 2 + " Hz");
        double fs2 = 4; // bilinear transform at scipy's normalised fs = 2
        double warped = fs2 * Math.tan(Math.PI * wn / 2);
        double[][] sections = new double[(order + 1) / 2][];
        double gainRe = 1, gainIm = 0; // prod(fs2 - p) over the analog high-pass poles
        int s = 0;
        for (int m = -order + 1; m <= 0; m += 2) {
            // Prototype pole -exp(iπm/2N); high-pass pole warped / p; digital pole (fs2 + p)/(fs2 - p).
            double angle = Math.PI * m / (2.0 * order);
            double pr = -Math.cos(angle), pi = -Math.sin(angle);
            double norm = pr * pr + pi * pi;
            double hr = warped * pr / norm, hi = -warped * pi / norm;
            double[] digital = divide(fs2 + hr, hi, fs2 - hr, -hi);
            double dr = fs2 - hr, di = -hi;
            if (m == 0) {
                sections[s++] = new double[]{1, -1, 0, 1, -digital[0], 0};
                double re = gainRe * dr - gainIm * di;
                gainIm = gainRe * di + gainIm * dr;
                gainRe = re;
            } else {
                double modulus2 = digital[0] * digital[0] + digital[1] * digital[1];
                sections[s++] = new double[]{1, -2, 1, 1, -2 * digital[0], modulus2};
                // The conjugate pole contributes |fs2 - p|² (real).
                double factor = dr * dr + di * di;
                gainRe *= factor;
                gainIm *= factor;
            }
        }
        double gain = Math.pow(fs2, order) / gainRe;
        for (int i = 0; i < 3; i++) sections[0][i] *= gain;
        return sections;
    }

    private static double[] divide(double ar, double ai, double br, double bi) {
        double d = br * br + bi * bi;
        return new double[]{(ar * br + ai * bi) / d, (ai * br - ar * bi) / d};
    }

    /** scipy's default padlen for sosfiltfilt: 3·(2·sections + 1 − first-order sections). */
    static int padLength(double[][] sections) {
        int firstOrder = 0;
        for (double[] sec : sections) if (sec[2] == 0 && sec[5] == 0) firstOrder++;
        return 3 * (2 * sections.length + 1 - firstOrder);
    }

    /** scipy {@code sosfiltfilt} with odd extension and steady-state initial conditions. */
    static double[] filtfilt(double[][] sections, int padlen, double[] x) {
        int n = x.length;
        double[] ext = new double[n + 2 * padlen];
        for (int i = 0; i < padlen; i++) {
            ext[i] = 2 * x[0] - x[padlen - i];
            ext[n + padlen + i] = 2 * x[n - 1] - x[n - 2 - i];
        }
        System.arraycopy(x, 0, ext, padlen, n);
        double[] forward = sosfilt(sections, ext);
        double[] reversed = new double[forward.length];
        for (int i = 0; i < forward.length; i++) reversed[i] = forward[forward.length - 1 - i];
        double[] backward = sosfilt(sections, reversed);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = backward[backward.length - 1 - padlen - i];
        return out;
    }

    /** Transposed direct form II, each section started in the steady state of a constant input equal to the first sample. */
    private static double[] sosfilt(double[][] sections, double[] x) {
        double[] y = x.clone();
        double level = x[0];
        for (double[] s : sections) {
            double b0 = s[0], b1 = s[1], b2 = s[2], a1 = s[4], a2 = s[5];
            double g = (b0 + b1 + b2) / (1 + a1 + a2);
            double z1 = (b2 - a2 * g) * level;
            double z0 = (b1 - a1 * g) * level + z1;
            for (int i = 0; i < y.length; i++) {
                double in = y[i];
                double out = b0 * in + z0;
                z0 = b1 * in - a1 * out + z1;
                z1 = b2 * in - a2 * out;
                y[i] = out;
            }
            level *= g;
        }
        return y;
    }
}
