package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

    @Test
    void reliableKeepsTopQuarterOfCeilingPerHemisphere() {
        float[] x = {-5, -5, -5, -5, 5, 5, 5, 5};
        float[] scores = {1, 2, 3, 10, 1, 2, 3, 4};
        double[] ceiling = {0.1, 0.2, 0.3, 0.9, 0.4, 0.3, 0.2, 0.8};
        // 75th percentile within each hemisphere: left 0.45, right 0.5 -> voxel 3 and voxel 7 remain
        Laterality l = Lateralization.reliable(scores, x, ceiling, 75);
        assertEquals(10, l.left(), 1e-9);
        assertEquals(4, l.right(), 1e-9);
        assertEquals(1, l.nLeft());
    }

    @Test
    void topPercentileAndCeilingNormalized() {
        float[] x = {-5, -5, -5, 5, 5, 5};
        float[] scores = {0.1f, 0.2f, 0.6f, 0.3f, 0.1f, 0.2f};
        Laterality top = Lateralization.topPercentile(scores, x, 90);
        assertEquals(0.6 - 0.3, top.leftMinusRight(), 1e-6);
        Laterality norm = Lateralization.ceilingNormalized(scores, x, new double[] {0.5, 0.5, 0, 1, 1, 1});
        assertEquals(2, norm.nLeft());
        assertEquals(0.3 - 0.2, norm.leftMinusRight(), 1e-6);
    }

    @Test
    void roiPairFromMirroredMask() {
        float[][] mni = {{-40, 10, 0}, {-38, 10, 0}, {40, 10, 0}, {38, 10, 0}, {20, 0, 0}};
        boolean[] roi = {true, true, false, false, false};
        boolean[] mirrored = Lateralization.mirror(roi, mni, 2);
        assertArrayEquals(new boolean[] {false, false, true, true, false}, mirrored);
        Laterality l = Lateralization.roiPair(new float[] {0.4f, 0.2f, 0.1f, 0.1f, 0.9f}, roi, mirrored);
        assertEquals(0.3 - 0.1, l.leftMinusRight(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Lateralization.roiPair(new float[] {1, 2}, new boolean[] {true,
                false}, new boolean[] {true, true}));
    }
}
