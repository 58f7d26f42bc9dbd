package io.encodingfarm.models.align;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.encodingfarm.models.lm.DjlRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** A checkpoint's {@code tokenizer.json}, through DJL's binding of Hugging Face tokenizers. */
public final class LmTokenizer implements AutoCloseable {
    public static final String FILE = "tokenizer.json";
    private final HuggingFaceTokenizer tokenizer;
    private final long[] prefix;

    /** Token ids with the character span of each (special tokens the tokenizer adds have none: start = end = 0). */
    public record Tokens(long[] ids, int[] starts, int[] ends, boolean[] special) {
        public int size() {
            return ids.length;
        }
    }

    private LmTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        // The special tokens a tokenizer puts in front of every text (BOS, for LLaMA, OPT, Gemma) lead its template.
        Encoding probe = tokenizer.encode("a", true, false);
        int leading = 0;
        while (leading < probe.getIds().length && probe.getSpecialTokenMask()[leading] != 0) leading++;
        this.prefix = Arrays.copyOf(probe.getIds(), leading);
    }

    public static LmTokenizer open(Path checkpointDir) {
        Path file = checkpointDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(checkpointDir + " has no " + FILE + " (the fast-tokenizer format is required)");
        }
        DjlRuntime.configure();
        try {
            return new LmTokenizer(HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false", "truncation", "false", "padding", "false")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load " + file, e);
        }
    }

    /** Ids the tokenizer puts before every text (a BOS token), possibly none. */
    public long[] prefix() {
        return prefix.clone();
    }

    /** The text's tokens, without any special tokens. */
    public Tokens encode(String text) {
        Encoding e = tokenizer.encode(text, false, false);
        CharSpan[] spans = e.getCharTokenSpans();
        long[] specialMask = e.getSpecialTokenMask();
        int n = e.getIds().length;
        int[] starts = new int[n];
        int[] ends = new int[n];
        boolean[] special = new boolean[n];
        for (int i = 0; i < n; i++) {
            special[i] = specialMask[i] != 0 || spans[i] == null;
            if (!special[i]) {
                starts[i] = spans[i].getStart();
                ends[i] = spans[i].getEnd();
            }
        }
        return new Tokens(e.getIds(), starts, ends, special);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
