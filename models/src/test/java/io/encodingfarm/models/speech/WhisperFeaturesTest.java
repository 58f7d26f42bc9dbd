package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.checkpoint.Safetensors;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperFeaturesTest {
    @Test
    void windowsTimesAndCausality(@TempDir Path dir) {
        Path checkpoint = TinyWhisper.write(WhisperEncoderTest.TINY, 7, dir.resolve("tiny-whisper"));
        float[] audio = WhisperEncoderTest.speechLikeAudio(3 * 1600 + 900, 4);
        float[] longer = Arrays.copyOf(audio, 3 * 1600 + 900 + 3200);
        float[] tail = WhisperEncoderTest.speechLikeAudio(3200, 9);
        System.arraycopy(tail, 0, longer, audio.length, tail.length);
        try (AudioFeatureExtractor fx = Extractors.openAudio(Map.of("model", checkpoint.toString(), "device", "cpu"))) {
            assertEquals(List.of("embeddings", "block-1", "block-2"), fx.layerNames());
            AudioFeatures a = fx.extract(audio);
            AudioFeatures b = fx.extract(longer);
            assertEquals(3, a.times().length);
            assertEquals(5, b.times().length);
            assertArrayEquals(new double[] {0, 0.3}, a.times()[2], 1e-12);
            assertEquals(32, a.features()[2][2].length);
            for (int l = 0; l < 3; l++) {
                for (int w = 0; w < 3; w++) assertArrayEquals(a.features()[l][w], b.features()[l][w], "layer " + l + " window " + w);
                assertFalse(Arrays.equals(b.features()[l][3], b.features()[l][4]));
            }
            // The third window (0–0.3 s) is read at encoder frame 14 of its own padded input.
            try (WhisperEncoder encoder = new WhisperEncoder(WhisperEncoderTest.TINY, Safetensors.open(checkpoint), Device.cpu())) {
                float[][][] all = encoder.hiddenStates(new WhisperFrontEnd(80).logMel(Arrays.copyOf(audio, 4800)));
                assertEquals(14, SlidingWindows.lastEncoderFrame(4800));
                for (int l = 0; l < 3; l++) assertArrayEquals(all[l][14], a.features()[l][2], 1e-6f);
            }
        }
    }

    @Test
    void windowsOfEqualLengthEncodedTogetherMatchOneByOne(@TempDir Path dir) {
        Path checkpoint = TinyWhisper.write(WhisperEncoderTest.TINY, 7, dir.resolve("tiny-whisper"));
        float[] audio = WhisperEncoderTest.speechLikeAudio(8000, 5);
        List<SlidingWindows.Window> sameLength = List.of(new SlidingWindows.Window(0, 4800),
                new SlidingWindows.Window(1600, 6400), new SlidingWindows.Window(3200, 8000));
        try (WhisperFeatures fx = WhisperFeatures.open(checkpoint, "cpu", List.of("a", "b", "c"))) {
            AudioFeatures together = fx.extract(audio, sameLength);
            for (int w = 0; w < sameLength.size(); w++) {
                AudioFeatures alone = fx.extract(audio, List.of(sameLength.get(w)));
                assertArrayEquals(sameLength.get(w).seconds(), together.times()[w]);
                for (int l = 0; l < 3; l++) assertArrayEquals(alone.features()[l][0], together.features()[l][w], 1e-5f);
            }
            assertThrows(IllegalArgumentException.class, () -> fx.extract(audio, List.of(new SlidingWindows.Window(4000, 8001))));
        }
    }

    @Test
    void badSpecsAreRefusedByName(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Extractors.openAudio(Map.of("model", dir.toString(), "alignment", "last-token")));
        assertEquals(true, e.getMessage().contains("alignment"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Extractors.openAudio(Map.of("model", dir.resolve("missing").toString())));
    }
}
