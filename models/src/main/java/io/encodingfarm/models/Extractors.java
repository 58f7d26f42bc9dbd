package io.encodingfarm.models;

import io.encodingfarm.models.align.Alignment;
import io.encodingfarm.models.align.LmTokenizer;
import io.encodingfarm.models.align.MeanTokens;
import io.encodingfarm.models.baselines.GloveVectors;
import io.encodingfarm.models.baselines.RandomEmbeddings;
import io.encodingfarm.models.baselines.RandomVectors;
import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.lm.CausalLm;
import io.encodingfarm.models.lm.Architecture;
import io.encodingfarm.models.lm.ModelConfig;
import io.encodingfarm.models.speech.AudioFeatureExtractor;
import io.encodingfarm.models.speech.HubertConfig;
import io.encodingfarm.models.speech.HubertFeatures;
import io.encodingfarm.models.speech.WhisperConfig;
import io.encodingfarm.models.speech.WhisperFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one way to build a feature extractor from a sweep file's extractor spec.
 *
 * <ul>
 *   <li>{@code baseline}: {@code random-vectors} or {@code random-embeddings} (with {@code dim}, {@code seed}),
 *       or {@code glove} (with {@code path} to a GloVe text file);</li>
 *   <li>{@code model}: a local Hugging Face checkpoint directory, with optional {@code revision} (a
 *       sub-directory, e.g. a training step), {@code alignment} ({@code mean-tokens}, seed B, default; or
 *       {@code last-token}, seed A), {@code untrained_seed} and {@code device} ({@code cpu}, {@code gpu},
 *       {@code auto}).</li>
 * </ul>
 * {@code name} may label any spec and is ignored here. Any other key, or a value outside the allowed
 * ones, is refused with an {@link IllegalArgumentException} that names it.
 */
public final class Extractors {
    private static final Set<String> BASELINE_KEYS = Set.of("baseline", "dim", "seed", "path", "name");
    private static final Set<String> AUDIO_KEYS = Set.of("model", "device", "name");
    private static final Set<String> MODEL_KEYS = Set.of("model", "revision", "alignment", "untrained_seed", "device", "name");

    private Extractors() {
    }

    public static FeatureExtractor open(Map<String, Object> spec) {
        if (spec.containsKey("baseline") == spec.containsKey("model")) {
            throw new IllegalArgumentException("an extractor spec needs exactly one of \"baseline\" or \"model\", got keys " + new TreeSet<>(spec.keySet()));
        }
        if (spec.containsKey("baseline")) {
            checkKeys(spec, BASELINE_KEYS);
            String baseline = text(spec, "baseline");
            return switch (baseline) {
                case "random-vectors" -> new RandomVectors(integer(spec, "dim"), seed(spec));
                case "random-embeddings" -> new RandomEmbeddings(integer(spec, "dim"), seed(spec));
                case "glove" -> new GloveVectors(Path.of(text(spec, "path")));
                default -> throw new IllegalArgumentException("baseline = \"" + baseline
                        + "\" is not one of: random-vectors, random-embeddings, glove");
            };
        }
        checkKeys(spec, MODEL_KEYS);
        Path dir = checkpoint(spec);
        Alignment alignment = Alignment.named(spec.containsKey("alignment") ? text(spec, "alignment") : MeanTokens.NAME);
        OptionalLong untrained = spec.containsKey("untrained_seed") ? OptionalLong.of(longValue(spec, "untrained_seed")) : OptionalLong.empty();
        String device = spec.containsKey("device") ? text(spec, "device") : "cpu";
        CausalLm lm = CausalLm.open(dir, untrained, device);
        try {
            return new LanguageModelFeatures(lm, LmTokenizer.open(dir), alignment);
        } catch (RuntimeException e) {
            lm.close();
            throw e;
        }
    }

    /**
     * A speech-model extractor (seed A's causal sliding windows) from a spec with {@code model} (a local
     * Hugging Face checkpoint directory of model_type {@code whisper} or {@code hubert}), optional
     * {@code device} ({@code cpu}, {@code gpu}, {@code auto}) and {@code name}.
     */
    public static AudioFeatureExtractor openAudio(Map<String, Object> spec) {
        checkKeys(spec, AUDIO_KEYS);
        Path dir = checkpoint(spec);
        String device = spec.containsKey("device") ? text(spec, "device") : "cpu";
        return speechModelType(dir).equals("hubert") ? HubertFeatures.open(dir, device, audioLayerNames(dir))
                : WhisperFeatures.open(dir, device, audioLayerNames(dir));
    }

    /** The layer names a speech extractor will produce, from {@code config.json} alone. */
    public static List<String> audioLayerNames(Path checkpointDir) {
        int states = speechModelType(checkpointDir).equals("hubert") ? HubertConfig.read(checkpointDir).hiddenStateCount()
                : WhisperConfig.read(checkpointDir).hiddenStateCount();
        return LanguageModelFeatures.layerNames(states);
    }

    /** The width of a speech extractor's hidden states, from {@code config.json} alone. */
    public static int audioWidth(Path checkpointDir) {
        return speechModelType(checkpointDir).equals("hubert") ? HubertConfig.read(checkpointDir).hidden()
                : WhisperConfig.read(checkpointDir).dModel();
    }

    private static String speechModelType(Path checkpointDir) {
        String modelType = ModelConfig.read(checkpointDir).modelType();
        if (!modelType.equals("whisper") && !modelType.equals("hubert")) {
            throw new IllegalArgumentException(checkpointDir + ": model_type \"" + modelType
                    + "\" is not a supported speech model; supported: whisper, hubert");
        }
        return modelType;
    }

    /**
     * The layer names a model extractor will produce, from {@code config.json} alone (the planner calls
     * this before any weights are fetched).
     */
    public static List<String> layerNames(Path checkpointDir) {
        return LanguageModelFeatures.layerNames(CausalLm.architecture(ModelConfig.read(checkpointDir)).hiddenStateCount());
    }

    /** Family, parameter count, hidden states per word and their width, from the checkpoint's files alone. */
    public static ModelInfo describe(Path checkpointDir) {
        ModelConfig config = ModelConfig.read(checkpointDir);
        Architecture a = CausalLm.architecture(config);
        return new ModelInfo(config.modelType(), CausalLm.parameterCount(Safetensors.open(checkpointDir)),
                a.hiddenStateCount(), a.hidden());
    }

    private static Path checkpoint(Map<String, Object> spec) {
        Path dir = Path.of(text(spec, "model"));
        if (spec.containsKey("revision")) dir = dir.resolve(text(spec, "revision"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model = " + spec.get("model")
                    + (spec.containsKey("revision") ? ", revision = " + spec.get("revision") : "") + ": no directory " + dir);
        }
        return dir;
    }

    private static void checkKeys(Map<String, Object> spec, Set<String> allowed) {
        for (String key : spec.keySet()) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("extractor spec key \"" + key + "\" is not one of: " + new TreeSet<>(allowed));
            }
        }
    }

    private static String text(Map<String, Object> spec, String key) {
        Object v = spec.get(key);
        if (v == null || v.toString().isBlank()) throw new IllegalArgumentException("extractor spec needs \"" + key + "\"");
        return v.toString();
    }

    private static long seed(Map<String, Object> spec) {
        return spec.containsKey("seed") ? longValue(spec, "seed") : 0;
    }

    private static int integer(Map<String, Object> spec, String key) {
        return Math.toIntExact(longValue(spec, key));
    }

    private static long longValue(Map<String, Object> spec, String key) {
        Object v = spec.get(key);
        if (v instanceof Number n && n.doubleValue() == n.longValue()) return n.longValue();
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException ignored) {
                // reported below with the key's name
            }
        }
        throw new IllegalArgumentException("extractor spec \"" + key + "\" must be an integer, got " + v);
    }
}
