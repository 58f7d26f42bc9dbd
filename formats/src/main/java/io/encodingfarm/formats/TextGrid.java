package io.encodingfarm.formats;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Praat TextGrid in either text format (long or short), UTF-8 or UTF-16 with a byte-order mark:
 * interval tiers (intervals with xmin, xmax, text) and point tiers (time, mark).
 */
public record TextGrid(double xmin, double xmax, List<Tier> tiers) {
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

    /**
     * Parses either of Praat's text formats: the long one ({@code key = value} lines) and the short
     * one (values only). Both hold the same sequence of values, which is what is read here; keys,
     * {@code [n]} indices and {@code !} comments are skipped.
     */
    public static TextGrid parse(String text, String source) throws IOException {
        Values v = new Values(tokens(text, source), source);
        String fileType = v.string("file type");
        String objectClass = v.string("object class");
        if (!fileType.startsWith("ooTextFile") || !objectClass.equals("TextGrid")) {
            throw new IOException(source + ": not a Praat TextGrid (file type '" + fileType + "', object class '" + objectClass + "')");
        }
        double xmin = v.number("xmin");
        double xmax = v.number("xmax");
        if (!v.flag("tiers?")) return new TextGrid(xmin, xmax, List.of());
        int size = v.count("number of tiers");
        List<Tier> tiers = new ArrayList<>();
        for (int t = 1; t <= size; t++) {
            String kind = v.string("class of tier " + t);
            String name = v.string("name of tier " + t);
            boolean points = kind.equals("TextTier");
            if (!points && !kind.equals("IntervalTier")) throw new IOException(source + ": tier " + t + " ('" + name + "') has unknown class '" + kind + "'");
            String where = "tier " + t + " ('" + name + "')";
            v.number("xmin of " + where);
            v.number("xmax of " + where);
            int n = v.count("size of " + where);
            List<Interval> intervals = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                String item = where + (points ? " point " : " interval ") + i;
                if (points) {
                    double time = v.number("time of " + item);
                    intervals.add(new Interval(time, time, v.string("mark of " + item)));
                } else {
                    double a = v.number("xmin of " + item);
                    double b = v.number("xmax of " + item);
                    intervals.add(new Interval(a, b, v.string("text of " + item)));
                }
            }
            tiers.add(new Tier(name, points, intervals));
        }
        return new TextGrid(xmin, xmax, tiers);
    }

    /** A value of the file: a quoted string (quotes removed, doubled quotes undone), a number, or a {@code <flag>}. */
    private record Token(char kind, String text) {
    }

    private static List<Token> tokens(String text, String source) throws IOException {
        List<Token> out = new ArrayList<>();
        int i = 0, n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) throw new IOException(source + ": unterminated string starting at character " + i);
                    char d = text.charAt(j);
                    if (d == '"') {
                        if (j + 1 < n && text.charAt(j + 1) == '"') {
                            value.append('"');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    value.append(d);
                    j++;
                }
                out.add(new Token('s', value.toString()));
                i = j + 1;
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                i = close < 0 ? n : close + 1;
            } else if (c == '!') {
                int eol = text.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '<') {
                int close = text.indexOf('>', i);
                if (close < 0) throw new IOException(source + ": unterminated <flag> at character " + i);
                out.add(new Token('f', text.substring(i + 1, close)));
                i = close + 1;
            } else if (Character.isDigit(c) || (c == '-' || c == '+' || c == '.') && i + 1 < n && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '.')) {
                int j = i + 1;
                while (j < n && "0123456789.eE+-".indexOf(text.charAt(j)) >= 0) j++;
                out.add(new Token('n', text.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c)) {
                while (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '?')) i++;
            } else {
                i++;
            }
        }
        return out;
    }

    private static final class Values {
        private final List<Token> tokens;
        private final String source;
        private int next;

        Values(List<Token> tokens, String source) {
            this.tokens = tokens;
            this.source = source;
        }

        private Token take(char kind, String what) throws IOException {
            if (next >= tokens.size()) throw new IOException(source + ": TextGrid ends before the " + what);
            Token token = tokens.get(next++);
            if (token.kind() != kind) {
                String expected = kind == 's' ? "a quoted string" : kind == 'n' ? "a number" : "a <flag>";
                throw new IOException(source + ": TextGrid has '" + token.text() + "' where the " + what + " (" + expected + ") should be");
            }
            return token;
        }

        String string(String what) throws IOException {
            return take('s', what).text();
        }

        double number(String what) throws IOException {
            String text = take('n', what).text();
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": TextGrid's " + what + " '" + text + "' is not a number");
            }
        }

        int count(String what) throws IOException {
            double value = number(what);
            if (value < 0 || value != Math.rint(value)) throw new IOException(source + ": TextGrid's " + what + " is " + value + ", not a count");
            return (int) value;
        }

        boolean flag(String what) throws IOException {
            return take('f', what).text().equals("exists");
        }
    }
}
