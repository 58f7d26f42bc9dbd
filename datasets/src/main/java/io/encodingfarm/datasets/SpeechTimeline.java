package io.encodingfarm.datasets;

import io.encodingfarm.formats.WordTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Turns a text into timed word tables as if read aloud: about 2.7 words per second, each word lasting
 * in proportion to its length, short pauses after commas and longer ones after sentences.
 */
public final class SpeechTimeline {
    /** The public-domain story shipped in examples/data (see its header for the dedication). */
    public static final String DEMO_TEXT = "the-lamplighter-of-gull-island.txt";

    static final double FIRST_ONSET_S = 3.0;
    /** Silence left after the last word of a run, so its hemodynamic response is still scanned. */
    static final double TAIL_S = 8.0;
    private static final double BASE_DURATION_S = 0.09;
    private static final double PER_LETTER_S = 0.052;
    private static final double GAP_S = 0.04;
    private static final double CLAUSE_PAUSE_S = 0.18;
    private static final double SENTENCE_PAUSE_S = 0.45;

    /** A word with its surrounding punctuation stripped, and the pause that follows it. */
    record Token(String word, double pauseAfter) {
    }

    private SpeechTimeline() {
    }

    /** The words of the shipped demo text, lines starting with '#' skipped. */
    public static String demoText() {
        String resource = "text/" + DEMO_TEXT;
        try (InputStream in = SpeechTimeline.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("demo text " + resource + " is missing from the datasets jar");
            StringBuilder text = new StringBuilder();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.startsWith("#")) text.append(line).append('\n');
            }
            return text.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Token> tokens(String text) {
        List<Token> out = new ArrayList<>();
        for (String raw : text.split("[\\s\u2014]+|--")) {
            int start = 0, end = raw.length();
            while (start < end && !Character.isLetterOrDigit(raw.charAt(start))) start++;
            while (end > start && !Character.isLetterOrDigit(raw.charAt(end - 1))) end--;
            if (start == end) continue;
            String trailing = raw.substring(end);
            double pause = trailing.matches(".*[.!?].*") ? SENTENCE_PAUSE_S : trailing.matches(".*[,;:].*") ? CLAUSE_PAUSE_S : 0;
            out.add(new Token(raw.substring(start, end), pause));
        }
        return out;
    }

    /**
     * Consecutive runs of {@code runDuration} seconds each, filled with the text's words in order
     * (the text starts over when it runs out). Each run starts {@link #FIRST_ONSET_S} after its
     * first scan and ends at least {@link #TAIL_S} before its last.
     */
    public static List<WordTable> runs(String text, int runs, double runDuration, long seed) {
        List<Token> tokens = tokens(text);
        if (tokens.isEmpty()) throw new IllegalArgumentException("the stimulus text has no words");
        if (runDuration <= FIRST_ONSET_S + TAIL_S + 1) {
            throw new IllegalArgumentException("runs of " + runDuration + " s are too short for speech (need > " + (FIRST_ONSET_S + TAIL_S + 1) + " s)");
        }
        Random random = new Random(seed);
        List<WordTable> out = new ArrayList<>();
        int next = 0;
        for (int r = 0; r < runs; r++) {
            List<String> words = new ArrayList<>();
            List<double[]> times = new ArrayList<>();
            double t = FIRST_ONSET_S;
            while (true) {
                Token token = tokens.get(next % tokens.size());
                double letters = token.word().codePointCount(0, token.word().length());
                double duration = (BASE_DURATION_S + PER_LETTER_S * letters) * (0.85 + 0.3 * random.nextDouble());
                if (t + duration > runDuration - TAIL_S) break;
                words.add(token.word());
                times.add(new double[]{round3(t), round3(t + duration)});
                t += duration + GAP_S + token.pauseAfter() * (0.8 + 0.4 * random.nextDouble());
                next++;
            }
            double[] onsets = times.stream().mapToDouble(x -> x[0]).toArray();
            double[] offsets = times.stream().mapToDouble(x -> x[1]).toArray();
            out.add(new WordTable(words, onsets, offsets));
        }
        return out;
    }

    private static double round3(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
