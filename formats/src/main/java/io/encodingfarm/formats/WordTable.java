package io.encodingfarm.formats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of one run with their onset and offset times in seconds from the run's first scan:
 * the store's {@code words/<run>.csv} ({@code word,onset,offset}).
 */
public record WordTable(List<String> words, double[] onsets, double[] offsets) {
    public static final String HEADER = "word,onset,offset";

    public WordTable {
        words = List.copyOf(words);
        onsets = onsets.clone();
        offsets = offsets.clone();
        if (onsets.length != words.size() || offsets.length != words.size()) {
            throw new IllegalArgumentException("word table needs one onset and one offset per word: "
                    + words.size() + " words, " + onsets.length + " onsets, " + offsets.length + " offsets");
        }
    }

    public int size() {
        return words.size();
    }

    @Override
    public double[] onsets() {
        return onsets.clone();
    }

    @Override
    public double[] offsets() {
        return offsets.clone();
    }

    /** Offset minus onset of each word. */
    public double[] durations() {
        double[] d = new double[onsets.length];
        for (int i = 0; i < d.length; i++) d[i] = offsets[i] - onsets[i];
        return d;
    }

    public static WordTable read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    public static WordTable parse(String csv) {
        try {
            return read(new StringReader(csv), "<string>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a CSV whose header names at least the columns {@code word}, {@code onset} and
     * {@code offset} (in any order; further columns are ignored).
     */
    public static WordTable read(Reader reader, String source) throws IOException {
        Csv.Table table = Csv.read(reader, source);
        int word = table.column("word");
        int onset = table.column("onset");
        int offset = table.column("offset");
        List<String> words = new ArrayList<>();
        double[] onsets = new double[table.rows().size()];
        double[] offsets = new double[onsets.length];
        for (int i = 0; i < onsets.length; i++) {
            words.add(table.rows().get(i).get(word));
            onsets[i] = table.number(i, onset);
            offsets[i] = table.number(i, offset);
        }
        return new WordTable(words, onsets, offsets);
    }

    /**
     * Reads a CSV with a grouping column besides {@code word,onset,offset} — LPP's word table with
     * {@code section} — as one table per group value, in order of first appearance.
     */
    public static Map<String, WordTable> readGrouped(Path file, String groupColumn) throws IOException {
        Csv.Table table;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            table = Csv.read(in, file.toString());
        }
        int word = table.column("word");
        int onset = table.column("onset");
        int offset = table.column("offset");
        int group = table.column(groupColumn);
        Map<String, List<Integer>> rowsByGroup = new LinkedHashMap<>();
        for (int i = 0; i < table.rows().size(); i++) {
            rowsByGroup.computeIfAbsent(table.rows().get(i).get(group).strip(), k -> new ArrayList<>()).add(i);
        }
        Map<String, WordTable> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> e : rowsByGroup.entrySet()) {
            List<Integer> rows = e.getValue();
            List<String> words = new ArrayList<>();
            double[] onsets = new double[rows.size()];
            double[] offsets = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                int row = rows.get(i);
                words.add(table.rows().get(row).get(word));
                onsets[i] = table.number(row, onset);
                offsets[i] = table.number(row, offset);
            }
            out.put(e.getKey(), new WordTable(words, onsets, offsets));
        }
        return out;
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out);
        }
    }

    public void write(Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (int i = 0; i < words.size(); i++) {
            out.write(Csv.quote(words.get(i)));
            out.write(',');
            out.write(Double.toString(onsets[i]));
            out.write(',');
            out.write(Double.toString(offsets[i]));
            out.write('\n');
        }
    }

    public String toCsv() {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WordTable other && words.equals(other.words)
                && Arrays.equals(onsets, other.onsets) && Arrays.equals(offsets, other.offsets);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * words.hashCode() + Arrays.hashCode(onsets)) + Arrays.hashCode(offsets);
    }

    @Override
    public String toString() {
        return "WordTable[" + words.size() + " words" + (words.isEmpty() ? "" : ", " + onsets[0] + "–" + offsets[offsets.length - 1] + " s") + "]";
    }

    static BufferedReader buffered(Reader reader) {
        return reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    }
}
