package io.encodingfarm.models.speech;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.encodingfarm.models.checkpoint.RandomWeights;
import io.encodingfarm.models.checkpoint.Safetensors;
import io.encodingfarm.models.checkpoint.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Writes the three files of a random speech checkpoint: config.json, preprocessor_config.json, model.safetensors. */
final class CheckpointFiles {
    private CheckpointFiles() {
    }

    /**
     * Tensors are N(0, 0.1²), biases N(0, 0.1²), norm scales 1 + N(0, 0.1²), each from its own (seed, name)
     * stream, unless {@code fixed} returns a tensor for the name (e.g. Whisper's sinusoidal positions).
     */
    static Path write(Path dir, String what, Map<String, Object> config, Map<String, Object> preprocessor,
                      Map<String, long[]> shapes, long seed, Function<String, Tensor> fixed) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper();
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), config);
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("preprocessor_config.json").toFile(), preprocessor);
            RandomWeights weights = new RandomWeights(shapes, seed, 0.1, 0.1, 1, 0.1);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (String name : weights.names()) {
                Tensor t = fixed.apply(name);
                tensors.put(name, t != null ? t : weights.read(name));
            }
            Safetensors.write(dir.resolve(Safetensors.SINGLE_FILE), tensors);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a tiny " + what + " checkpoint to " + dir, e);
        }
    }
}
