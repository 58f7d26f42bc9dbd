package io.encodingfarm.science;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Float64 reference arrays written by src/test/python/make_references.py (name, then values, per line). */
final class References {
    private final Map<String, double[]> arrays = new HashMap<>();

    private References(String resource) {
        var in = References.class.getResourceAsStream("/reference/" + resource);
        if (in == null) {
            throw new IllegalStateException("missing test resource reference/" + resource);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                double[] values = new double[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    values[i - 1] = Double.parseDouble(parts[i]);
                }
                arrays.put(parts[0], values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static References load(String resource) {
        return new References(resource);
    }

    double[] get(String name) {
        double[] v = arrays.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no reference named " + name);
        }
        return v;
    }

    double scalar(String name) {
        return get(name)[0];
    }

    double[][] matrix(String name) {
        double[] shape = get(name + ".shape");
        double[] flat = get(name);
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }
}
