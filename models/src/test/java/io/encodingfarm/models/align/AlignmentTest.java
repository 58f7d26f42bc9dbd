package io.encodingfarm.models.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encodingfarm.models.ReferenceForward;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import io.encodingfarm.models.lm.CausalLm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AlignmentTest {
    static final List<String> WORDS = List.of("Once", "upon", "a", "time,", "the", "café's", "naïve", "owner", "—", "Zoë",
            "—", "said", "\"hello\"", "42", "times.", "I'm", "SHOUTING", "it's", "1,000", "dollars;", "well...", "no!");

    @TempDir
    Path dir;

    /** Seed B on a short run: each word is the mean of the reference states of the tokens its text adds. */
    @ParameterizedTest
    @ValueSource(strings = {"gpt2", "llama"})
    void meanTokensAveragesEachWordsTokens(String family) throws Exception {
        Path checkpoint = TinyCheckpoints.write(family, 2, 32, 4, 3, dir.resolve(family));
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"); LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            float[][][] actual = new MeanTokens().wordStates(lm, tokenizer, WORDS);
            long[] prefix = tokenizer.prefix();
            assertEquals(family.equals("llama") ? 1 : 0, prefix.length);
            long[] ids = concat(prefix, tokenizer.encode(String.join(" ", WORDS)).ids());
            double[][][] states = new ReferenceForward(checkpoint).hiddenStates(ids);
            for (int l = 0; l < states.length; l++) {
                double[][] expected = new double[WORDS.size()][];
                int from = 0;
                for (int i = 0; i < WORDS.size(); i++) {
                    int to = tokenizer.encode(String.join(" ", WORDS.subList(0, i + 1))).size();
                    expected[i] = mean(states[l], prefix.length + from, prefix.length + to);
                    from = to;
                }
                assertTrue(ReferenceForward.relativeError(actual[l], expected) <= 1e-4, "layer " + l);
            }
        }
    }

    /** Long runs: windows of max_position_embeddings advancing by 64; a token's state comes from its first window. */
    @Test
    void longRunsUseOverlappingWindows() throws Exception {
        Path checkpoint = TinyCheckpoints.write("gpt2", 2, 32, 4, TinyCheckpoints.DEFAULT_VOCAB, 96, 5, dir.resolve("short-context"));
        List<String> words = new ArrayList<>();
        while (words.size() < 140) words.addAll(WORDS);
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"); LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            long[] ids = tokenizer.encode(String.join(" ", words)).ids();
            assertTrue(ids.length > 3 * 96, "the run must span several windows, has " + ids.length + " tokens");
            float[][][] actual = MeanTokens.windowed(lm, ids);
            ReferenceForward reference = new ReferenceForward(checkpoint);
            int windowStart = -1;
            double[][][] window = null;
            for (int t = 0; t < ids.length; t++) {
                int start = t < 96 ? 0 : ((t - 96) / 64 + 1) * 64;
                if (start != windowStart) {
                    windowStart = start;
                    window = reference.hiddenStates(Arrays.copyOfRange(ids, start, Math.min(start + 96, ids.length)));
                }
                for (int l = 0; l < actual.length; l++) {
                    double error = ReferenceForward.relativeError(new float[][] {actual[l][t]}, new double[][] {window[l][t - start]});
                    assertTrue(error <= 1e-4, "token " + t + " layer " + l + ": " + error);
                }
            }
        }
    }

    @Test
    void seedAContextGrowsThenResets() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 3, 3, 3, 6, 6}, new LastToken(4, 2).contextStarts(10));
        int[] starts = new LastToken().contextStarts(2000);
        for (int i = 0; i < starts.length; i++) {
            int lookback = i - starts[i];
            assertTrue(i < 512 ? lookback == i : lookback >= 256 && lookback <= 512, "word " + i + " sees " + lookback);
        }
    }

    /** Seed A: each word's last-token state equals a fresh forward pass over BOS + its own context words. */
    @Test
    void lastTokenMatchesOneForwardPassPerWord() throws Exception {
        Path checkpoint = TinyCheckpoints.write("llama", 2, 32, 4, 11, dir.resolve("llama"));
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"); LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            float[][][] actual = new LastToken(8, 4).wordStates(lm, tokenizer, WORDS);
            ReferenceForward reference = new ReferenceForward(checkpoint);
            int lookback = 0;
            for (int i = 0; i < WORDS.size(); i++) {
                String context = String.join(" ", WORDS.subList(i - lookback, i + 1));
                double[][][] states = reference.hiddenStates(concat(tokenizer.prefix(), tokenizer.encode(context).ids()));
                for (int l = 0; l < states.length; l++) {
                    double[] expected = states[l][states[l].length - 1];
                    double error = ReferenceForward.relativeError(new float[][] {actual[l][i]}, new double[][] {expected});
                    assertTrue(error <= 1e-4, "word " + i + " layer " + l + ": " + error);
                }
                lookback = lookback == 8 ? 4 : lookback + 1;
            }
        }
    }

    @Test
    void emptyWordsReuseThePreviousWordAndEmptyRunsWork() throws Exception {
        Path checkpoint = TinyCheckpoints.write("gpt2", 1, 32, 4, 3, dir.resolve("gpt2"));
        List<String> words = List.of("the", "", "old", "man");
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"); LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            for (Alignment alignment : List.of(new MeanTokens(), new LastToken())) {
                float[][][] states = alignment.wordStates(lm, tokenizer, words);
                assertArrayEquals(states[1][0], states[1][1], alignment.name());
                assertEquals(0, alignment.wordStates(lm, tokenizer, List.of())[1].length, alignment.name());
                assertArrayEquals(new float[32], alignment.wordStates(lm, tokenizer, List.of("", " "))[1][1], alignment.name());
            }
        }
    }

    /** A tokenizer that silently drops a whole word must fail the run, naming the word and where it is. */
    @Test
    void wordsTheTokenizerCannotCoverFailLoudly() throws Exception {
        Path checkpoint = TinyCheckpoints.write("gpt2", 1, 32, 4, 3, dir.resolve("dropping"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode tokenizerJson = (ObjectNode) json.readTree(checkpoint.resolve("tokenizer.json").toFile());
        ObjectNode dropHash = tokenizerJson.putObject("normalizer");
        dropHash.put("type", "Replace").put("content", "").putObject("pattern").put("String", "#");
        json.writeValue(checkpoint.resolve("tokenizer.json").toFile(), tokenizerJson);
        try (CausalLm lm = CausalLm.open(checkpoint, OptionalLong.empty(), "cpu"); LmTokenizer tokenizer = LmTokenizer.open(checkpoint)) {
            WordAlignmentException vanished = assertThrows(WordAlignmentException.class,
                    () -> new MeanTokens().wordStates(lm, tokenizer, List.of("the", "old", "###", "man", "walked")));
            assertTrue(vanished.getMessage().contains("word 2 \"###\"") && vanished.getMessage().contains("old [###] man"),
                    vanished.getMessage());
            WordAlignmentException last = assertThrows(WordAlignmentException.class,
                    () -> new LastToken().wordStates(lm, tokenizer, List.of("the", "old", "man", "#")));
            assertTrue(last.getMessage().contains("word 3 \"#\""), last.getMessage());
        }
    }

    private static double[] mean(double[][] rows, int from, int to) {
        double[] m = new double[rows[0].length];
        for (int t = from; t < to; t++) {
            for (int j = 0; j < m.length; j++) m[j] += rows[t][j] / (to - from);
        }
        return m;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
