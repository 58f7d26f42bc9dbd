package io.encodingfarm.models.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A checkpoint's {@code config.json}, with errors that name the file and the key. */
public final class ModelConfig {
    public static final String FILE = "config.json";
    private final Path file;
    private final JsonNode root;
    /** Where {@code root} sits in the file ("" or "rope_parameters."), for error messages. */
    private final String path;

    private ModelConfig(Path file, JsonNode root, String path) {
        this.file = file;
        this.root = root;
        this.path = path;
    }

    public static ModelConfig read(Path checkpointDir) {
        Path file = checkpointDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(checkpointDir + " is not a Hugging Face checkpoint directory: it has no " + FILE);
        }
        try {
            return new ModelConfig(file, new ObjectMapper().readTree(file.toFile()), "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    public String modelType() {
        return text("model_type");
    }

    /** A nested object such as {@code rope_parameters}, or {@code null} when absent or null. */
    public ModelConfig nested(String key) {
        JsonNode node = root.get(key);
        return node != null && node.isObject() ? new ModelConfig(file, node, path + key + ".") : null;
    }

    public boolean has(String key) {
        return root.hasNonNull(key);
    }

    public int integer(String key) {
        JsonNode node = root.get(key);
        if (node == null || !node.canConvertToInt()) throw bad(key, "an integer");
        return node.asInt();
    }

    public int integer(String key, int otherwise) {
        return has(key) ? integer(key) : otherwise;
    }

    public double number(String key, double otherwise) {
        if (!has(key)) return otherwise;
        if (!root.get(key).isNumber()) throw bad(key, "a number");
        return root.get(key).asDouble();
    }

    public boolean flag(String key, boolean otherwise) {
        if (!has(key)) return otherwise;
        if (!root.get(key).isBoolean()) throw bad(key, "true or false");
        return root.get(key).asBoolean();
    }

    public String text(String key) {
        if (!has(key) || !root.get(key).isTextual()) throw bad(key, "a string");
        return root.get(key).asText();
    }

    public String text(String key, String otherwise) {
        return has(key) ? text(key) : otherwise;
    }

    /** Refuses a setting this implementation does not reproduce, rather than computing something else. */
    public void require(boolean supported, String key, String what) {
        if (!supported) {
            throw new IllegalArgumentException(file + ": " + path + key + " = " + root.get(key) + " is not supported (" + what + ")");
        }
    }

    private IllegalArgumentException bad(String key, String expected) {
        return new IllegalArgumentException(file + ": \"" + path + key + "\" must be " + expected + ", found " + root.get(key));
    }
}
