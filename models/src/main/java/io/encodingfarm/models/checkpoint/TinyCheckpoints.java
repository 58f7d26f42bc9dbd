package io.encodingfarm.models.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.lm.Architecture;
import io.encodingfarm.models.lm.Architecture.Activation;
import io.encodingfarm.models.lm.Architecture.Norm;
import io.encodingfarm.models.lm.Family;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small randomly initialized checkpoints in the real Hugging Face on-disk format
 * ({@code config.json}, {@code model.safetensors}, {@code tokenizer.json}), one per supported family,
 * so that every code path that reads real checkpoints can be exercised without a model hub. Nothing in
 * the files says they are tiny; each family's own quirks (fused projections, grouped key/value heads,
 * partial rotary, biases, byte-level or SentencePiece-style vocabularies, BOS templates) are present.
 */
public final class TinyCheckpoints {
    /** Default vocab_size: bytes, special tokens and every merge the tokenizer's passage yields, then unused rows. */
    public static final int DEFAULT_VOCAB = 1024;
    public static final int DEFAULT_MAX_POSITIONS = 1024;

    private TinyCheckpoints() {
    }

    public static Path write(String family, int layers, int hidden, int heads, long seed, Path dir) {
        return write(family, layers, hidden, heads, DEFAULT_VOCAB, DEFAULT_MAX_POSITIONS, seed, dir);
    }

    public static Path write(String family, int layers, int hidden, int heads, int vocabSize, long seed, Path dir) {
        return write(family, layers, hidden, heads, vocabSize, DEFAULT_MAX_POSITIONS, seed, dir);
    }

    /**
     * @param family       a {@code model_type}: gpt2, opt, gpt_neox, llama, mistral, qwen2, gemma, stablelm
     * @param vocabSize    rows of the embedding table ({@code vocab_size}); the tokenizer defines as many of
     *                     them as its passage yields merges for, like real checkpoints that pad their vocabulary
     * @param maxPositions the context length the checkpoint declares (small values exercise long-run windows)
     * @return {@code dir}
     */
    public static Path write(String family, int layers, int hidden, int heads, int vocabSize, int maxPositions, long seed, Path dir) {
        Family f = Family.of(family);
        if (layers < 1 || hidden < 1 || heads < 1 || hidden % heads != 0) {
            throw new IllegalArgumentException("tiny " + family + ": need layers ≥ 1 and heads dividing hidden, got layers "
                    + layers + ", hidden " + hidden + ", heads " + heads);
        }
        boolean sentencePiece = f == Family.LLAMA || f == Family.MISTRAL || f == Family.GEMMA;
        List<String> specials = switch (f) {
            case OPT -> List.of("</s>");
            case LLAMA, MISTRAL -> List.of("<unk>", "<s>", "</s>");
            case GEMMA -> List.of("<pad>", "<eos>", "<bos>", "<unk>");
            default -> List.of("<|endoftext|>");
        };
        String bos = switch (f) {
            case OPT -> "</s>";
            case LLAMA, MISTRAL -> "<s>";
            case GEMMA -> "<bos>";
            default -> specials.get(0);
        };
        String eos = switch (f) {
            case LLAMA, MISTRAL -> "</s>";
            case GEMMA -> "<eos>";
            default -> bos;
        };
        boolean prependsBos = f == Family.OPT || sentencePiece;
        try {
            Files.createDirectories(dir);
            TinyTokenizer.Written tokenizer = TinyTokenizer.write(dir.resolve("tokenizer.json"),
                    sentencePiece ? TinyTokenizer.Style.SENTENCE_PIECE : TinyTokenizer.Style.BYTE_LEVEL, vocabSize, specials,
                    prependsBos ? bos : null);
            Architecture a = architecture(f, layers, hidden, heads, vocabSize, maxPositions);
            Map<String, Object> config = f.tinyConfig(a);
            config.put("bos_token_id", tokenizer.specialIds().get(bos));
            config.put("eos_token_id", tokenizer.specialIds().get(eos));
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            double normCenter = a.norm() == Norm.RMS_NORM_PLUS_ONE ? 0 : 1;
            RandomWeights weights = new RandomWeights(f.tinyTensorShapes(a), seed, 0.15, 0.1, normCenter, 0.1);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : weights.names()) tensors.put(name, weights.read(name));
            Safetensors.write(dir.resolve(Safetensors.SINGLE_FILE), tensors);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a tiny checkpoint to " + dir, e);
        }
    }

    /** Each family's shape conventions, scaled down (grouped key/value heads where the family uses them). */
    private static Architecture architecture(Family f, int layers, int hidden, int heads, int vocab, int maxPositions) {
        int headDim = hidden / heads;
        return switch (f) {
            case GPT2 -> new Architecture(f, layers, hidden, heads, heads, headDim, 4 * hidden, vocab, maxPositions,
                    Norm.LAYER_NORM, 1e-5, Activation.GELU_TANH, false, false, 0, 0, null, 0, 1, 0);
            case OPT -> new Architecture(f, layers, hidden, heads, heads, headDim, 4 * hidden, vocab, maxPositions,
                    Norm.LAYER_NORM, 1e-5, Activation.RELU, false, false, 0, 0, null, 2, 1, 0);
            case GPT_NEOX -> new Architecture(f, layers, hidden, heads, heads, headDim, 4 * hidden, vocab, maxPositions,
                    Norm.LAYER_NORM, 1e-5, Activation.GELU, false, true, evenQuarter(headDim), 10000, null, 0, 1, 0);
            case GEMMA -> new Architecture(f, layers, hidden, heads, 1, 2 * headDim, 3 * hidden, vocab, maxPositions,
                    Norm.RMS_NORM_PLUS_ONE, 1e-6, Activation.GELU_TANH, true, false, 2 * headDim, 10000, null, 0, Math.sqrt(hidden), 0);
            case STABLELM -> new Architecture(f, layers, hidden, heads, heads, headDim, 3 * hidden, vocab, maxPositions,
                    Norm.LAYER_NORM, 1e-5, Activation.SILU, true, false, evenQuarter(headDim), 10000, null, 0, 1, 0);
            default -> new Architecture(f, layers, hidden, heads, heads % 2 == 0 ? heads / 2 : heads, headDim, 3 * hidden,
                    vocab, maxPositions, Norm.RMS_NORM, 1e-6, Activation.SILU, true, false, headDim,
                    f == Family.QWEN2 ? 1_000_000 : 10000, null, 0, 1, 0);
        };
    }

    private static int evenQuarter(int headDim) {
        return Math.max(2, headDim / 4 / 2 * 2);
    }
}
