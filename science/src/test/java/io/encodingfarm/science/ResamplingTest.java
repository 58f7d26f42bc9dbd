package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ResamplingTest {
    private static final References REF = References.load("summaries.txt");

    @Test
    void lanczosMatchesPublishedFunction() {
        double[][] data = REF.matrix("lanczos.data");
        double[] old = REF.get("lanczos.old");
        double[] now = REF.get("lanczos.new");
        assertMatrix(REF.matrix("lanczos.out"), Resampling.lanczos(data, old, now, 3, 1), 1e-12);
        assertMatrix(REF.matrix("lanczos.out_w5_c2"), Resampling.lanczos(data, old, now, 5, 2), 1e-12);
    }

    @Test
    void lanczosKernelHandValues() {
        assertEquals(1, Resampling.kernel(0, 3));
        assertEquals(0, Resampling.kernel(3.5, 3));
        assertEquals(0, Resampling.kernel(1, 3), 1e-15); // sin(π) = 0 at integer offsets
        // u = 0.5, w = 3: 3·sin(π/2)·sin(π/6)/(π²/4) = 6/π²
        assertEquals(6 / (Math.PI * Math.PI), Resampling.kernel(0.5, 3), 1e-15);
    }

    @Test
    void delaysShiftAndZeroFillInOrder() {
        double[][] x = {{1, 10}, {2, 20}, {3, 30}};
        double[][] d = Resampling.delay(x, new int[] {1, 2, 0, -1});
        assertArrayEquals(new double[] {0, 0, 0, 0, 1, 10, 2, 20}, d[0]);
        assertArrayEquals(new double[] {1, 10, 0, 0, 2, 20, 3, 30}, d[1]);
        assertArrayEquals(new double[] {2, 20, 1, 10, 3, 30, 0, 0}, d[2]);
        assertEquals(8, Resampling.delay(x, Resampling.DEFAULT_DELAYS)[0].length);
    }

    @Test
    void rejectsMismatchedTimes() {
        assertThrows(IllegalArgumentException.class,
                () -> Resampling.lanczos(new double[][] {{1}}, new double[] {0, 1}, new double[] {0, 2}, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Resampling.delay(new double[][] {{1}}, new int[0]));
    }

    static void assertMatrix(double[][] expected, double[][] got, double tol) {
        assertEquals(expected.length, got.length);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], got[i], tol, "row " + i);
        }
    }
}
