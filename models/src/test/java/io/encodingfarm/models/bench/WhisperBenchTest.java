package io.encodingfarm.models.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WhisperBenchTest {
    @Test
    void whisperTinyEncoderPassIs37Gflop() {
        // conv1 2·3000·240·384, conv2 2·1500·1152·384, per layer 24·T·d² with ffn = 4d, plus 4·T²·d.
        double t = 1500;
        double d = 384;
        double expected = 2 * 3000 * 240 * d + 2 * t * 3 * d * d + 4 * (24 * t * d * d + 4 * t * t * d);
        assertEquals(expected, WhisperBench.encoderFlops(WhisperBench.WHISPER_TINY), 1);
        assertEquals(36.94e9, expected, 0.01e9);
        assertEquals(6000, WhisperBench.STORY_WINDOWS);
    }
}
