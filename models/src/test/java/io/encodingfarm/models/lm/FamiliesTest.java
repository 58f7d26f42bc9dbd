package io.encodingfarm.models.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.models.ReferenceForward;
import io.encodingfarm.models.align.LmTokenizer;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FamiliesTest {
    static final String TEXT = "The old man walked to the river, and his daughter said: \"It's 42 minutes away!\"";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "opt", "gpt_neox", "llama", "mistral", "qwen2", "gemma", "stablelm"})
    void hiddenStatesMatchTheFloat64Reference(String family) throws Exception {
        Path checkpoint = TinyCheckpoints.write(family, 2, 32, 4, 7, dir.resolve(family));
        long[] ids;
        try (LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            ids = tokenizer.encode(TEXT).ids();
        }
        double[][][] expected = new ReferenceForward(checkpoint).hiddenStates(ids);
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu")) {
            float[][][] actual = lm.hiddenStates(ids, 0);
            assertEquals(3, actual.length);
            for (int l = 0; l < actual.length; l++) {
                double error = ReferenceForward.relativeError(actual[l], expected[l]);
                assertTrue(error <= 1e-4, family + " layer " + l + ": relative error " + error);
            }
            float[][][] tail = lm.hiddenStates(ids, 5);
            assertEquals(ids.length - 5, tail[2].length);
            assertEquals(actual[2][5][3], tail[2][0][3]);
        }
    }

    @Test
    void unknownArchitecturesAreRefusedWithTheSupportedList() throws Exception {
        Path checkpoint = TinyCheckpoints.write("gpt2", 1, 16, 2, 1, dir.resolve("bert"));
        Files.writeString(checkpoint.resolve("config.json"), "{\"model_type\": \"bert\", \"hidden_size\": 16}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"));
        assertTrue(e.getMessage().contains("bert") && e.getMessage().contains("gpt_neox, llama"), e.getMessage());
    }
}
