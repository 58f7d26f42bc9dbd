package io.encodingfarm.core.store;

import java.util.regex.Pattern;

/**
 * Object keys built from user-given names (sweeps, datasets, subjects, layers, runs) pass through
 * here: a name must be a single path segment of safe characters, so no name can climb out of its
 * prefix ("..", "/"), start absolute, or smuggle control characters into a key.
 */
public final class StoreKeys {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private StoreKeys() {
    }

    public static String segment(String what, String name) {
        if (name == null || !SEGMENT.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException(what + " name '" + printable(name) + "' is not allowed: use 1-128 letters, "
                    + "digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String printable(String s) {
        if (s == null) return "null";
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        return out.toString();
    }

    public static String dataset(String dataset) {
        return "datasets/" + segment("dataset", dataset) + "/";
    }

    public static String model(String model) {
        return "models/" + segment("model", model) + "/";
    }

    public static String sweep(String sweep) {
        return "sweeps/" + segment("sweep", sweep) + "/";
    }

    public static String report(String sweep) {
        return "reports/" + segment("sweep", sweep) + "/";
    }
}
