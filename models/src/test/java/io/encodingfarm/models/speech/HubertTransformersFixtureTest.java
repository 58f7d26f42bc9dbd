package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.checkpoint.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HuBERT against Hugging Face transformers itself (Wav2Vec2FeatureExtractor normalization and HubertModel
 * in float64), from {@code hubert-transformers.json}, which {@code src/test/python/hubert_reference.py}
 * writes from {@link WhisperFixture}'s tiny HuBERT checkpoint and audio.
 */
class HubertTransformersFixtureTest {
    @Test
    void hiddenStatesMatchTransformers(@TempDir Path dir) throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/hubert-transformers.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        Path checkpoint = WhisperFixture.hubertCheckpoint(dir);
        HubertConfig config = HubertConfig.read(checkpoint);
        float[] audio = WhisperFixture.audio();
        int frames = fixture.get("frame_count").asInt();
        assertEquals(frames, config.frames(audio.length));
        double worst = 0;
        try (HubertEncoder encoder = new HubertEncoder(config, Safetensors.open(checkpoint), Device.cpu())) {
            float[][][] states = encoder.hiddenStates(List.of(HubertFeatures.normalized(audio)), x -> x);
            JsonNode expected = fixture.get("hidden_states");
            assertEquals(expected.size(), states.length);
            for (int l = 0; l < states.length; l++) {
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < fixture.get("frames").size(); i++) {
                    int f = Math.floorMod(fixture.get("frames").get(i).asInt(), frames);
                    for (int j = 0; j < config.hidden(); j++) {
                        double e = expected.get(l).get(i).get(j).asDouble();
                        diff = Math.max(diff, Math.abs(states[l][0][f * config.hidden() + j] - e));
                        scale = Math.max(scale, Math.abs(e));
                    }
                }
                worst = Math.max(worst, diff / scale);
            }
        }
        System.out.printf("HuBERT vs transformers %s: hidden states max relative error %.2e%n", fixture.get("transformers").asText(), worst);
        assertTrue(worst <= 1e-4, "hidden-state error " + worst);
    }

    @Test
    void slidingWindowsAreCausalAndReadTheLastFrame(@TempDir Path dir) {
        Path checkpoint = WhisperFixture.hubertCheckpoint(dir);
        float[] audio = WhisperFixture.audio(); // 0.5 s: 5 windows
        float[] shorter = Arrays.copyOf(audio, 3 * 1600 + 700);
        try (AudioFeatureExtractor fx = Extractors.openAudio(Map.of("model", checkpoint.toString()));
             HubertEncoder encoder = new HubertEncoder(HubertConfig.read(checkpoint), Safetensors.open(checkpoint), Device.cpu())) {
            assertEquals(List.of("embeddings", "block-1", "block-2"), fx.layerNames());
            AudioFeatures all = fx.extract(audio);
            AudioFeatures early = fx.extract(shorter);
            assertEquals(5, all.times().length);
            assertEquals(3, early.times().length);
            for (int l = 0; l < 3; l++) {
                for (int w = 0; w < 3; w++) assertArrayEquals(early.features()[l][w], all.features()[l][w]);
            }
            // Window 2 (0–0.3 s, 4,800 samples) is read at its last frame.
            int frames = HubertConfig.read(checkpoint).frames(4800);
            float[][][] states = encoder.hiddenStates(List.of(HubertFeatures.normalized(Arrays.copyOf(audio, 4800))), x -> x);
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(Arrays.copyOfRange(states[l][0], (frames - 1) * 32, frames * 32), all.features()[l][2], 1e-6f);
            }
        }
    }

    @Test
    void largeLayoutAndOtherModelTypesAreRefusedByName(@TempDir Path dir) throws IOException {
        Path checkpoint = WhisperFixture.hubertCheckpoint(dir);
        Path config = checkpoint.resolve("config.json");
        java.nio.file.Files.writeString(config, java.nio.file.Files.readString(config).replace("\"do_stable_layer_norm\" : false", "\"do_stable_layer_norm\" : true"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HubertConfig.read(checkpoint));
        assertTrue(e.getMessage().contains("do_stable_layer_norm"), e.getMessage());
        Path whisper = WhisperFixture.checkpoint(dir);
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> HubertConfig.read(whisper));
        assertTrue(e.getMessage().contains("whisper"), e.getMessage());
    }
}
