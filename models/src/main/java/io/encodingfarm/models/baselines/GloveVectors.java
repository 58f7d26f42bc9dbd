package io.encodingfarm.models.baselines;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Baseline GloVe: a word's vector from a GloVe text file ({@code word v1 … vd} per line). Words are
 * looked up lower-cased with {@code '} and {@code ;} removed; words the file lacks get a zero vector.
 */
public final class GloveVectors extends LexiconFeatures {
    private final Map<String, float[]> vectors = new HashMap<>();
    private final int dim;

    public GloveVectors(Path file) {
        int width = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank()) continue;
                String[] parts = line.stripTrailing().split(" ");
                if (width < 0) width = parts.length - 1;
                if (parts.length - 1 != width || width < 1) {
                    throw new IllegalArgumentException(file + " line " + lineNumber + ": expected a word and " + width
                            + " numbers, found " + (parts.length - 1) + " fields after the word");
                }
                float[] v = new float[width];
                for (int j = 0; j < width; j++) v[j] = Float.parseFloat(parts[j + 1]);
                vectors.putIfAbsent(parts[0], v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read GloVe file " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " is not a GloVe text file: " + e.getMessage(), e);
        }
        if (width < 1) throw new IllegalArgumentException("GloVe file " + file + " holds no vectors");
        this.dim = width;
    }

    static String key(String word) {
        return word.toLowerCase(Locale.ROOT).replace("'", "").replace(";", "");
    }

    @Override
    float[] vectorOf(String word) {
        float[] v = vectors.get(key(word));
        return v == null ? new float[dim] : v;
    }
}
