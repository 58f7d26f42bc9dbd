package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RegressorsTest {
    private static final References REF = References.load("nilearn.txt");

    @Test
    void manyColumnsMatchNilearnPerColumn() {
        String key = "regressor_glover.";
        double[][] amps = REF.matrix(key + "amplitudes");
        float[][] amplitudes = new float[amps.length][amps[0].length];
        for (int e = 0; e < amps.length; e++) {
            for (int c = 0; c < amps[0].length; c++) {
                amplitudes[e][c] = (float) amps[e][c];
            }
        }
        double[][] got = Regressors.compute(REF.get(key + "onsets"), REF.get(key + "durations"), amplitudes,
                REF.get(key + "frame_times"), HrfModel.GLOVER, 50, -24);
        double[][] expected = REF.matrix(key + "columns");
        for (int c = 0; c < expected.length; c++) {
            for (int f = 0; f < got.length; f++) {
                // amplitudes pass through float32, so compare at float precision
                assertEquals(expected[c][f], got[f][c], 1e-6, "column " + c + " frame " + f);
            }
        }
    }

    @Test
    void singleColumnMatchesNilearnWithCustomGrid() {
        String key = "regressor_spm_os16.";
        double[] amps = REF.get(key + "amplitudes");
        float[][] amplitudes = new float[amps.length][1];
        for (int e = 0; e < amps.length; e++) {
            amplitudes[e][0] = (float) amps[e];
        }
        double[][] got = Regressors.compute(REF.get(key + "onsets"), REF.get(key + "durations"), amplitudes,
                REF.get(key + "frame_times"), HrfModel.SPM, 16, -10);
        double[] column = new double[got.length];
        for (int f = 0; f < got.length; f++) {
            column[f] = got[f][0];
        }
        assertArrayEquals(REF.get(key + "column"), column, 1e-8); // 0.7 passes through float32
    }

    /** Hand check: frame times on the high-resolution grid itself, oversampling 1, so no interpolation. */
    @Test
    void impulseOnTheGridIsTheKernel() {
        double[] frames = new double[30];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = 2.0 * i;
        }
        // grid = linspace(-24, 58 * (1 + 1/29) = 60, 43): step exactly 2, so frame i sits at grid index 12 + i.
        double[] r = Regressors.compute(new double[] {4}, new double[] {0}, new double[] {1}, frames, HrfModel.GLOVER, 1);
        double[] h = Hrf.kernel(HrfModel.GLOVER, 2, 1, 32, 0);
        // A zero-duration event is a one-sample box at grid index 14 (t = 4 s): frame f sees h[f - 2].
        for (int f = 0; f < frames.length; f++) {
            double expected = f >= 2 && f - 2 < h.length ? h[f - 2] : 0;
            assertEquals(expected, r[f], 1e-14, "frame " + f);
        }
    }

    @Test
    void rejectsBadInput() {
        double[] frames = {0, 2, 4};
        assertThrows(IllegalArgumentException.class, () -> Regressors.compute(new double[] {1}, new double[] {-1},
                new double[] {1}, frames, HrfModel.GLOVER, 50));
        assertThrows(IllegalArgumentException.class, () -> Regressors.compute(new double[] {1}, new double[] {1},
                new double[] {1}, new double[] {0, 2, 2}, HrfModel.GLOVER, 50));
        assertThrows(IllegalArgumentException.class, () -> Regressors.compute(new double[] {1, 2}, new double[] {1},
                new double[] {1}, frames, HrfModel.GLOVER, 50));
    }
}
