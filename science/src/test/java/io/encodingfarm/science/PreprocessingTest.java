package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PreprocessingTest {
    @Test
    void trimsThenZscoresWithDdofZero() {
        double[][] x = {{100, 5}, {1, 5}, {2, 5}, {3, 5}, {-100, 5}};
        float[][] z = Preprocessing.trimAndZscore(x, 1, 1);
        assertEquals(3, z.length);
        double sd = Math.sqrt(2.0 / 3);
        assertArrayEquals(new float[] {(float) (-1 / sd), (float) (0 / sd), (float) (1 / sd)},
                new float[] {z[0][0], z[1][0], z[2][0]}, 1e-6f);
        // constant column -> zeros, never NaN
        assertArrayEquals(new float[] {0, 0, 0}, new float[] {z[0][1], z[1][1], z[2][1]});
    }

    @Test
    void zscoreOfFloats() {
        float[][] z = Preprocessing.zscore(new float[][] {{1, 2}, {3, 2}});
        assertArrayEquals(new float[] {-1, 0}, z[0]);
        assertArrayEquals(new float[] {1, 0}, z[1]);
    }

    @Test
    void rejectsOverTrimmingAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.trimAndZscore(new double[][] {{1}, {2}}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.zscore(new float[][] {{Float.NaN}}));
    }
}
