package io.encodingfarm.formats;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Praat TextGrid in the long ("ooTextFile") text format, UTF-8 or UTF-16 with a byte-order mark:
 * interval tiers (intervals with xmin, xmax, text) and point tiers (time, mark).
 */
public record TextGrid(double xmin, double xmax, List<Tier> tiers) {
    private static final Pattern PAIR = Pattern.compile("([A-Za-z]+)\\s*=\\s*(\"(?:[^\"]|\"\")*\"|[^\\s\"]+)");

    public TextGrid {
        tiers = List.copyOf(tiers);
    }

    public record Interval(double xmin, double xmax, String text) {
    }

    /** An interval tier has intervals; a point tier ("TextTier") has points, held as zero-length intervals. */
    public record Tier(String name, boolean pointTier, List<Interval> intervals) {
        public Tier {
            intervals = List.copyOf(intervals);
        }
    }

    /** The first tier with this name (case-insensitive). */
    public Tier tier(String name) throws IOException {
        for (Tier t : tiers) {
            if (t.name().equalsIgnoreCase(name)) return t;
        }
        throw new IOException("TextGrid has no tier '" + name + "'; tiers: " + tiers.stream().map(Tier::name).toList());
    }

    /** Praat's long text format (UTF-8), which {@link #parse} and Praat read back. */
    public String toLongText() {
        StringBuilder out = new StringBuilder();
        out.append("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n");
        out.append("xmin = ").append(xmin).append(" \nxmax = ").append(xmax).append(" \ntiers? <exists> \n");
        out.append("size = ").append(tiers.size()).append(" \nitem []: \n");
        for (int t = 0; t < tiers.size(); t++) {
            Tier tier = tiers.get(t);
            String items = tier.pointTier() ? "points" : "intervals";
            out.append("    item [").append(t + 1).append("]:\n");
            out.append("        class = \"").append(tier.pointTier() ? "TextTier" : "IntervalTier").append("\" \n");
            out.append("        name = ").append(quote(tier.name())).append(" \n");
            out.append("        xmin = ").append(xmin).append(" \n        xmax = ").append(xmax).append(" \n");
            out.append("        ").append(items).append(": size = ").append(tier.intervals().size()).append(" \n");
            for (int i = 0; i < tier.intervals().size(); i++) {
                Interval interval = tier.intervals().get(i);
                out.append("        ").append(items).append(" [").append(i + 1).append("]:\n");
                if (tier.pointTier()) {
                    out.append("            number = ").append(interval.xmin()).append(" \n");
                    out.append("            mark = ").append(quote(interval.text())).append(" \n");
                } else {
                    out.append("            xmin = ").append(interval.xmin()).append(" \n");
                    out.append("            xmax = ").append(interval.xmax()).append(" \n");
                    out.append("            text = ").append(quote(interval.text())).append(" \n");
                }
            }
        }
        return out.toString();
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    public static TextGrid read(Path file) throws IOException {
        return parse(decode(Files.readAllBytes(file)), file.toString());
    }

    static String decode(byte[] bytes) {
        Charset charset = StandardCharsets.UTF_8;
        if (bytes.length >= 2 && (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF || bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)) {
            charset = StandardCharsets.UTF_16;
        }
        String text = new String(bytes, charset);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public static TextGrid parse(String text, String source) throws IOException {
        if (!text.contains("ooTextFile") || !text.contains("TextGrid")) {
            throw new IOException(source + ": not a Praat TextGrid (no 'ooTextFile'/'TextGrid' header)");
        }
        if (!text.contains("item [")) {
            throw new IOException(source + ": TextGrid is in Praat's short text format; save it as a (long) text file from Praat");
        }
        List<String[]> pairs = new ArrayList<>();
        Matcher m = PAIR.matcher(text);
        while (m.find()) pairs.add(new String[]{m.group(1), m.group(2)});
        Cursor c = new Cursor(pairs, source);
        c.skipTo("xmin");
        double xmin = c.number("xmin");
        double xmax = c.number("xmax");
        int size = (int) c.number("size");
        List<Tier> tiers = new ArrayList<>();
        for (int t = 0; t < size; t++) {
            String kind = c.string("class");
            String name = c.string("name");
            c.number("xmin");
            c.number("xmax");
            int n = (int) c.number("size");
            List<Interval> intervals = new ArrayList<>(n);
            boolean points = kind.equals("TextTier");
            if (!points && !kind.equals("IntervalTier")) throw new IOException(source + ": tier '" + name + "' has unknown class '" + kind + "'");
            for (int i = 0; i < n; i++) {
                if (points) {
                    double time = c.number("number", "time");
                    intervals.add(new Interval(time, time, c.string("mark")));
                } else {
                    double a = c.number("xmin");
                    double b = c.number("xmax");
                    intervals.add(new Interval(a, b, c.string("text")));
                }
            }
            tiers.add(new Tier(name, points, intervals));
        }
        return new TextGrid(xmin, xmax, tiers);
    }

    private static final class Cursor {
        private final List<String[]> pairs;
        private final String source;
        private int next;

        Cursor(List<String[]> pairs, String source) {
            this.pairs = pairs;
            this.source = source;
        }

        void skipTo(String key) throws IOException {
            while (next < pairs.size() && !pairs.get(next)[0].equals(key)) next++;
            if (next == pairs.size()) throw new IOException(source + ": TextGrid has no '" + key + "'");
        }

        String raw(String... keys) throws IOException {
            if (next >= pairs.size()) throw new IOException(source + ": TextGrid ends early; expected '" + keys[0] + "'");
            String[] pair = pairs.get(next++);
            for (String key : keys) {
                if (pair[0].equals(key)) return pair[1];
            }
            throw new IOException(source + ": TextGrid has '" + pair[0] + " = " + pair[1] + "' where '" + keys[0] + "' was expected");
        }

        double number(String... keys) throws IOException {
            String value = raw(keys);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": TextGrid '" + keys[0] + "' is '" + value + "', not a number");
            }
        }

        String string(String key) throws IOException {
            String value = raw(key);
            if (value.length() < 2 || !value.startsWith("\"")) throw new IOException(source + ": TextGrid '" + key + "' is not a quoted string: " + value);
            return value.substring(1, value.length() - 1).replace("\"\"", "\"");
        }
    }
}
