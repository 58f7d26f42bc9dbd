package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LateralizationTest {
    @Test
    void leftMinusRightExcludesMidline() {
        float[] scores = {0.3f, 0.5f, 0.9f, 0.1f, 0.2f};
        float[] x = {-10, -2, 0, 4, 30};
        Laterality l = Lateralization.leftMinusRight(scores, x);
        assertEquals(0.4, l.left(), 1e-6);
        assertEquals(0.15, l.right(), 1e-6);
        assertEquals(0.25, l.leftMinusRight(), 1e-6);
        assertEquals(2, l.nLeft());
        assertEquals(2, l.nRight());
    }

    @Test
    void plantedLeftDominanceRecovered() {
        java.util.Random rng = new java.util.Random(3);
        int n = 4000;
        float[] scores = new float[n];
        float[] x = new float[n];
        for (int v = 0; v < n; v++) {
            x[v] = (float) (rng.nextDouble() * 140 - 70);
            scores[v] = (float) (0.1 + (x[v] < 0 ? 0.05 : 0) + 0.02 * rng.nextGaussian());
        }
        Laterality l = Lateralization.leftMinusRight(scores, x);
        assertEquals(0.05, l.leftMinusRight(), 0.003);
    }

    @Test
    void rejectsEmptyHemisphereAndMismatch() {
        assertThrows(IllegalArgumentException.class,
                () -> Lateralization.leftMinusRight(new float[] {1, 2}, new float[] {-1, -2}));
        assertThrows(IllegalArgumentException.class,
                () -> Lateralization.leftMinusRight(new float[] {1, 2}, new float[] {-1}));
    }
}
