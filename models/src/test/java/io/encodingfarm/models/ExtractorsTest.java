package io.encodingfarm.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractorsTest {
    static final RunWords RUN = new RunWords("run-1", List.of("The", "old", "man", "walked", "to", "the", "river."));

    @TempDir
    Path dir;

    @Test
    void baselinesComeFromTheirSpecs() throws Exception {
        try (FeatureExtractor vectors = Extractors.open(Map.of("baseline", "random-vectors", "dim", 8, "seed", 3))) {
            float[][][] f = vectors.extract(RUN);
            assertEquals(List.of("features"), vectors.layerNames());
            assertEquals(7, f[0].length);
            assertEquals(8, f[0][0].length);
        }
        try (FeatureExtractor embeddings = Extractors.open(Map.of("baseline", "random-embeddings", "dim", "4"))) {
            float[][] f = embeddings.extract(RUN)[0];
            assertArrayEquals(f[0], f[5], "\"The\" and \"the\" share one vector");
        }
        Path glove = dir.resolve("glove.txt");
        Files.writeString(glove, "the 0.5 1.5\nits 2 3\nriver. 4 5\n");
        try (FeatureExtractor vectors = Extractors.open(Map.of("baseline", "glove", "path", glove.toString()))) {
            float[][] f = vectors.extract(new RunWords("r", List.of("The", "it's", "unknown;")))[0];
            assertArrayEquals(new float[] {0.5f, 1.5f}, f[0]);
            assertArrayEquals(new float[] {2, 3}, f[1]);
            assertArrayEquals(new float[] {0, 0}, f[2]);
        }
    }

    @Test
    void badSpecsNameTheKeyAndTheAllowedValues() {
        IllegalArgumentException baseline = assertThrows(IllegalArgumentException.class,
                () -> Extractors.open(Map.of("baseline", "word2vec")));
        assertTrue(baseline.getMessage().contains("word2vec") && baseline.getMessage().contains("random-embeddings"), baseline.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Extractors.open(Map.of("baseline", "random-vectors", "dim", 4, "dimension", 5)));
        assertTrue(key.getMessage().contains("\"dimension\""), key.getMessage());
        IllegalArgumentException dim = assertThrows(IllegalArgumentException.class,
                () -> Extractors.open(Map.of("baseline", "random-vectors", "dim", 4.5)));
        assertTrue(dim.getMessage().contains("\"dim\""), dim.getMessage());
        Path model = TinyCheckpoints.write("gpt2", 1, 16, 2, 1, dir.resolve("m"));
        IllegalArgumentException alignment = assertThrows(IllegalArgumentException.class,
                () -> Extractors.open(Map.of("model", model.toString(), "alignment", "first-token")));
        assertTrue(alignment.getMessage().contains("mean-tokens") && alignment.getMessage().contains("last-token"), alignment.getMessage());
        IllegalArgumentException device = assertThrows(IllegalArgumentException.class,
                () -> Extractors.open(Map.of("model", model.toString(), "device", "tpu")));
        assertTrue(device.getMessage().contains("cpu, gpu, auto"), device.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Extractors.open(Map.of("model", dir.resolve("absent").toString())));
    }

    @Test
    void modelsGiveEveryLayerForEveryWord() {
        Path model = TinyCheckpoints.write("gpt_neox", 2, 32, 4, 1, dir.resolve("neox"));
        for (String alignment : List.of("mean-tokens", "last-token")) {
            try (FeatureExtractor lm = Extractors.open(Map.of("model", model.toString(), "alignment", alignment))) {
                assertEquals(List.of("embeddings", "block-1", "block-2"), lm.layerNames());
                assertEquals(lm.layerNames(), Extractors.layerNames(model), "the planner's names, from config.json alone");
                float[][][] f = lm.extract(RUN);
                assertEquals(3, f.length);
                assertEquals(7, f[2].length);
                assertEquals(32, f[2][6].length);
            }
        }
    }

    @Test
    void untrainedSeedsAreReproducibleAndDistinct() {
        Path model = TinyCheckpoints.write("llama", 2, 32, 4, 1, dir.resolve("llama"));
        float[][][] trained = extract(Map.of("model", model.toString()));
        float[][][] seed1 = extract(Map.of("model", model.toString(), "untrained_seed", 1));
        float[][][] seed1Again = extract(Map.of("model", model.toString(), "untrained_seed", 1));
        float[][][] seed2 = extract(Map.of("model", model.toString(), "untrained_seed", 2));
        assertTrue(Arrays.deepEquals(seed1, seed1Again));
        assertFalse(Arrays.deepEquals(seed1, seed2));
        assertFalse(Arrays.deepEquals(seed1, trained));
    }

    @Test
    void revisionsAreSubDirectoriesAndDescribeReadsTheFiles() throws Exception {
        Path pythia = dir.resolve("pythia");
        TinyCheckpoints.write("gpt_neox", 2, 32, 4, 1, pythia.resolve("step1000"));
        TinyCheckpoints.write("gpt_neox", 2, 32, 4, 2, pythia.resolve("step2000"));
        Map<String, Object> spec = new HashMap<>(Map.of("model", pythia.toString(), "revision", "step1000"));
        float[][][] early = extract(spec);
        spec.put("revision", "step2000");
        assertFalse(Arrays.deepEquals(early, extract(spec)));

        ModelInfo info = Extractors.describe(pythia.resolve("step1000"));
        assertEquals("gpt_neox", info.family());
        assertEquals(3, info.layerCount());
        assertEquals(32, info.hiddenSize());
        int vocab = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                pythia.resolve("step1000/config.json").toFile()).get("vocab_size").asInt();
        long perLayer = 2 * 2 * 32 + (3 * 32 * 32 + 3 * 32) + (32 * 32 + 32) + (128 * 32 + 128) + (32 * 128 + 32);
        assertEquals(2 * vocab * 32L + 2 * perLayer + 2 * 32, info.parameterCount());
    }

    private static float[][][] extract(Map<String, Object> spec) {
        try (FeatureExtractor lm = Extractors.open(spec)) {
            return lm.extract(RUN);
        }
    }
}
