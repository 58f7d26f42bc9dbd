package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void pearsonPerColumnHandCases() {
        float[][] a = {{1, 1, 5}, {2, 2, 5}, {3, 3, 5}};
        float[][] b = {{2, 3, 1}, {4, 2, 2}, {6, 1, 3}};
        // perfectly correlated, perfectly anti-correlated, constant -> 0
        assertArrayEquals(new float[] {1, -1, 0}, Stats.pearsonPerColumn(a, b), 1e-6f);
    }

    @Test
    void pearsonMatchesNumpyValue() {
        // numpy.corrcoef([1, 2, 3, 5], [2, 1, 4, 3])[0, 1] = 0.529150262212918
        float[] r = Stats.pearsonPerColumn(new float[][] {{1}, {2}, {3}, {5}}, new float[][] {{2}, {1}, {4}, {3}});
        assertEquals(0.529150262212918, r[0], 1e-6);
    }

    @Test
    void logspaceMatchesNumpy() {
        assertArrayEquals(new double[] {100, 1000, 10000}, Stats.logspace(2, 4, 3), 1e-9);
        double[] a = Stats.logspace(2, 7, 16);
        assertEquals(16, a.length);
        assertEquals(215.44346900318845, a[1], 1e-9); // numpy.logspace(2, 7, 16)[1]
        assertEquals(1e7, a[15], 1e-6);
    }
}
