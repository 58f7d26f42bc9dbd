package io.encodingfarm.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Reference values from scipy 1.17: detrend, butter(5, (1/128)/0.25, 'high', output='sos'), sosfiltfilt. */
class SignalCleaningTest {
    private static double[] series() {
        double[] x = new double[40];
        for (int t = 0; t < 40; t++) x[t] = Math.sin(0.3 * t) + 0.01 * t * t - 0.05 * t + 0.2 * Math.cos(1.7 * t);
        return x;
    }

    @Test
    void butterworthSectionsMatchScipy() {
        double[][] sos = SignalCleaning.butterworthHighPass(5, 1.0 / 128, 0.5);
        // scipy orders the sections differently; the real-pole section and the pole pairs must match.
        assertArrayEquals(new double[]{1, -0.90634717, 0}, new double[]{sos[2][3], sos[2][4], sos[2][5]}, 1e-8);
        assertArrayEquals(new double[]{1, -1.93185555, 0.94120298}, new double[]{sos[0][3], sos[0][4], sos[0][5]}, 1e-8);
        assertArrayEquals(new double[]{1, -1.84413416, 0.85305714}, new double[]{sos[1][3], sos[1][4], sos[1][5]}, 1e-8);
        double gain = sos[0][0] * sos[1][0] * sos[2][0];
        assertEquals(0.8530569, gain, 1e-7, "overall gain equals scipy's");
        assertEquals(18, SignalCleaning.padLength(sos));
    }

    @Test
    void detrendAndFiltfiltMatchScipy() {
        double[] x = series();
        SignalCleaning.detrend(x);
        double[][] sos = SignalCleaning.butterworthHighPass(5, 1.0 / 128, 0.5);
        double[] f = SignalCleaning.filtfilt(sos, SignalCleaning.padLength(sos), x);
        assertArrayEquals(new double[]{0.20814258, 0.14983274, 0.4271883, -1.01466261, 0.40756372},
                new double[]{f[0], f[1], f[7], f[20], f[39]}, 1e-7);
    }

    @Test
    void cleanZscoresTheFilteredSeries() {
        double[] x = series();
        float[][] column = new float[40][1];
        for (int t = 0; t < 40; t++) column[t][0] = (float) x[t];
        float[][] clean = SignalCleaning.clean(column, 2.0);
        assertArrayEquals(new double[]{0.50662933, 0.429789, 0.79528638, -1.10477551, 0.76942523},
                new double[]{clean[0][0], clean[1][0], clean[7][0], clean[20][0], clean[39][0]}, 1e-5);
    }
}
