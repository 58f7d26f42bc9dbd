package io.encodingfarm.models.lm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.encodingfarm.models.checkpoint.TinyCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The checkpoints whose hidden states transformers computed for {@code transformers-hidden-states.json}:
 * one per family, plus config variants (scaled rotary embeddings, the transformers 5 config layout,
 * Mistral's sliding window).
 * {@code main(dir)} writes them all for {@code src/test/python/transformers_reference.py}.
 */
final class FixtureCheckpoints {
    static final List<String> NAMES = List.of("gpt2", "opt", "gpt_neox", "llama", "mistral", "qwen2", "gemma", "stablelm",
            "llama-rope-llama3", "qwen2-rope-linear", "gpt_neox-rope-parameters", "mistral-sliding-window");

    private FixtureCheckpoints() {
    }

    static Path write(String name, Path dir) throws IOException {
        TinyCheckpoints.write(name.split("-")[0], 2, 32, 4, 7, dir);
        if (!name.contains("-")) return dir;
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(dir.resolve("config.json").toFile());
        switch (name) {
            case "llama-rope-llama3" -> config.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 8.0)
                    .put("low_freq_factor", 1.0).put("high_freq_factor", 4.0).put("original_max_position_embeddings", 16);
            case "qwen2-rope-linear" -> config.putObject("rope_scaling").put("type", "linear").put("factor", 4.0);
            case "gpt_neox-rope-parameters" -> {
                config.remove("rotary_pct");
                config.remove("rotary_emb_base");
                config.putObject("rope_parameters").put("rope_type", "default").put("rope_theta", 500.0).put("partial_rotary_factor", 0.5);
            }
            case "mistral-sliding-window" -> config.put("sliding_window", 6);
            default -> throw new IllegalArgumentException("no fixture checkpoint " + name);
        }
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
        return dir;
    }

    public static void main(String[] args) throws IOException {
        for (String name : NAMES) write(name, Path.of(args[0]).resolve(name));
    }
}
