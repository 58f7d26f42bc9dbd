package io.encodingfarm.science;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummariesTest {
    @Test
    void bestLayerPerVoxel() {
        Summaries.BestLayer b = Summaries.bestLayer(new float[][] {{0.1f, 0.5f, 0.2f}, {0.3f, 0.4f, 0.2f}});
        assertArrayEquals(new float[] {0.3f, 0.5f, 0.2f}, b.score());
        assertArrayEquals(new int[] {1, 0, 0}, b.layer());
        assertEquals((0.3 + 0.5 + 0.2) / 3, b.modelScore(), 1e-7);
    }
}
