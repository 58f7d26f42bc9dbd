package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HrfTest {
    private static final References REF = References.load("nilearn.txt");

    /** The reference file, and independently the values quoted in NOTES.md. */
    @ParameterizedTest
    @CsvSource({
        "GLOVER, glover_tr2, 126, 0.013899297265659567, 307, -0.0036377866237026412",
        "SPM, spm_tr2, 126, 0.008433909207961865, 394, -0.0007514783549045694"})
    void matchesNilearnExtremes(HrfModel model, String key, int argmax, double max, int argmin, double min) {
        checkExtremes(model, key);
        double[] h = Hrf.kernel(model, 2.0);
        assertEquals(max, h[argmax], 1e-15);
        assertEquals(min, h[argmin], 1e-15);
    }

    @Test
    void shortKernelsMatchReferenceSamples() {
        assertArrayEquals(REF.get("glover_tr2_os1_tl20"), Hrf.kernel(HrfModel.GLOVER, 2, 1, 20, 0), 1e-13);
        assertArrayEquals(REF.get("spm_tr2_os1_tl20"), Hrf.kernel(HrfModel.SPM, 2, 1, 20, 0), 1e-13);
        assertArrayEquals(new double[] {0, 0, .226, .741, .5, .037, -.181, -.176, -.103, -.045},
                Hrf.kernel(HrfModel.GLOVER, 2, 1, 20, 0), 6e-4);
    }

    @Test
    void onsetShiftAndOtherTrMatchReference() {
        assertArrayEquals(REF.get("glover_tr1_5_os10_onset1"), Hrf.kernel(HrfModel.GLOVER, 1.5, 10, 25, 1), 1e-13);
        assertArrayEquals(REF.get("spm_tr1_5_os10_onset1"), Hrf.kernel(HrfModel.SPM, 1.5, 10, 25, 1), 1e-13);
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Hrf.kernel(HrfModel.GLOVER, 0, 50, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> Hrf.kernel(HrfModel.GLOVER, 2, 0, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> Hrf.kernel(HrfModel.GLOVER, 2, 1, 2, 0));
        assertEquals(HrfModel.SPM, HrfModel.parse("Spm"));
        assertThrows(IllegalArgumentException.class, () -> HrfModel.parse("fir"));
    }

    private static void checkExtremes(HrfModel model, String key) {
        double[] h = Hrf.kernel(model, 2.0);
        assertEquals((int) REF.scalar(key + ".n"), h.length);
        int argmax = 0;
        int argmin = 0;
        double sumAbs = 0;
        for (int i = 0; i < h.length; i++) {
            argmax = h[i] > h[argmax] ? i : argmax;
            argmin = h[i] < h[argmin] ? i : argmin;
            sumAbs += Math.abs(h[i]);
        }
        assertEquals((int) REF.scalar(key + ".argmax"), argmax);
        assertEquals((int) REF.scalar(key + ".argmin"), argmin);
        assertEquals(REF.scalar(key + ".max"), h[argmax], 1e-15);
        assertEquals(REF.scalar(key + ".min"), h[argmin], 1e-15);
        assertEquals(REF.scalar(key + ".sum_abs"), sumAbs, 1e-12);
    }
}
