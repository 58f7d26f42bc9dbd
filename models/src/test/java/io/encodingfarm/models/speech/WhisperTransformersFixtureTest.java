package io.encodingfarm.models.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.checkpoint.Safetensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The front end and the encoder against Hugging Face transformers itself (WhisperFeatureExtractor and
 * WhisperModel's encoder in float64), from {@code whisper-transformers.json}, which
 * {@code src/test/python/whisper_reference.py} writes from {@link WhisperFixture}'s checkpoint and audio.
 */
class WhisperTransformersFixtureTest {
    @Test
    void logMelAndHiddenStatesMatchTransformers(@TempDir Path dir) throws IOException {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/whisper-transformers.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        float[] logMel = new WhisperFrontEnd(80).logMel(WhisperFixture.audio());
        int frames = fixture.get("log_mel_frames").asInt();
        double melError = 0;
        for (int m = 0; m < 80; m++) {
            for (int t = 0; t < frames; t++) melError = Math.max(melError, Math.abs(logMel[m * 3000 + t] - fixture.get("log_mel").get(m).get(t).asDouble()));
        }
        Path checkpoint = WhisperFixture.checkpoint(dir);
        double stateError = 0;
        try (WhisperEncoder encoder = new WhisperEncoder(WhisperConfig.read(checkpoint), Safetensors.open(checkpoint), Device.cpu())) {
            float[][][] states = encoder.hiddenStates(logMel);
            JsonNode expected = fixture.get("hidden_states");
            assertEquals(expected.size(), states.length);
            for (int l = 0; l < states.length; l++) {
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < fixture.get("encoder_frames").size(); i++) {
                    int frame = fixture.get("encoder_frames").get(i).asInt();
                    for (int j = 0; j < 32; j++) {
                        double e = expected.get(l).get(i).get(j).asDouble();
                        diff = Math.max(diff, Math.abs(states[l][frame][j] - e));
                        scale = Math.max(scale, Math.abs(e));
                    }
                }
                stateError = Math.max(stateError, diff / scale);
            }
        }
        System.out.printf("vs transformers %s: log-mel max abs error %.2e, hidden states max relative error %.2e%n",
                fixture.get("transformers").asText(), melError, stateError);
        assertTrue(melError <= 1e-4, "log-mel error " + melError);
        assertTrue(stateError <= 1e-4, "hidden-state error " + stateError);
    }
}
