package io.encodingfarm.models.lm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.ReferenceForward;
import io.encodingfarm.models.align.Alignment;
import io.encodingfarm.models.align.LmTokenizer;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with Hugging Face transformers itself. The fixture holds the token ids and float64 hidden
 * states that transformers (version recorded in the file) computed for the tiny checkpoints written
 * by {@link FixtureCheckpoints}; regenerate it ({@code FixtureCheckpoints.main(dir)}, then
 * {@code src/test/python/transformers_reference.py dir out.json text}) whenever TinyCheckpoints changes what it writes.
 */
class TransformersFixtureTest {
    static JsonNode fixture;

    @TempDir
    static Path dir;

    @BeforeAll
    static void readFixture() throws Exception {
        try (InputStream in = TransformersFixtureTest.class.getResourceAsStream("/transformers-hidden-states.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
    }

    static List<String> checkpoints() {
        return FixtureCheckpoints.NAMES;
    }

    @ParameterizedTest
    @MethodSource("checkpoints")
    void tokensAndHiddenStatesMatchTransformers(String family) throws Exception {
        JsonNode expected = fixture.path("models").path(family);
        assertTrue(expected.isObject(), "the fixture has no " + family + ": regenerate it");
        Path checkpoint = FixtureCheckpoints.write(family, dir.resolve(family));
        long[] ids;
        try (LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            ids = Alignment.concat(tokenizer.prefix(), tokenizer.encode(fixture.path("text").asText()).ids());
        }
        long[] expectedIds = new long[expected.path("ids").size()];
        for (int i = 0; i < expectedIds.length; i++) expectedIds[i] = expected.path("ids").get(i).asLong();
        assertArrayEquals(expectedIds, ids, family + " token ids");
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu")) {
            float[][][] actual = lm.hiddenStates(ids, 0);
            JsonNode layers = expected.path("hidden_states");
            assertEquals(layers.size(), actual.length);
            for (int l = 0; l < actual.length; l++) {
                double[][] reference = new double[ids.length][];
                for (int t = 0; t < ids.length; t++) {
                    JsonNode row = layers.get(l).get(t);
                    reference[t] = new double[row.size()];
                    for (int j = 0; j < row.size(); j++) reference[t][j] = row.get(j).asDouble();
                }
                double error = ReferenceForward.relativeError(actual[l], reference);
                assertTrue(error <= 1e-4, family + " layer " + l + ": relative error " + error + " against transformers");
            }
        }
    }
}
