package io.encodingfarm.formats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Huth-lab TR file: {@code <time> <label>} lines logged during a scan. {@code trigger},
 * {@code init-trigger} and {@code first*} labels are TR acquisitions; {@code sound-start} or
 * {@code start*} marks the start of the audio (the zero of the story's TextGrid). Triggers missed
 * by the logger are repaired as in the lab's own code: after every gap longer than 1.5× the mean
 * gap, one TR is inserted at the earlier trigger + TR.
 *
 * @param trTimes    acquisition times, seconds on the log's clock, repaired
 * @param soundStart audio start on the same clock
 */
public record HuthTrFile(double[] trTimes, double soundStart, int insertedTrs) {
    private static final double GAP_FACTOR = 1.5;

    /** TR times relative to the audio start: the clock of the TextGrid's word times. */
    public double[] relativeTrTimes() {
        double[] out = trTimes.clone();
        for (int i = 0; i < out.length; i++) out[i] -= soundStart;
        return out;
    }

    public static HuthTrFile read(Path file, double tr) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), tr, file.toString());
    }

    public static HuthTrFile parse(List<String> lines, double tr, String source) throws IOException {
        List<Double> triggers = new ArrayList<>();
        Double soundStart = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] parts = line.split("\\s+", 2);
            if (parts.length != 2) throw new IOException(source + ": line " + (i + 1) + " is not '<time> <label>': " + line);
            double time;
            try {
                time = Double.parseDouble(parts[0]);
            } catch (NumberFormatException e) {
                throw new IOException(source + ": line " + (i + 1) + ": '" + parts[0] + "' is not a time in seconds");
            }
            String label = parts[1];
            if (label.equals("trigger") || label.equals("init-trigger") || label.startsWith("first")) {
                triggers.add(time);
            } else if (label.equals("sound-start") || label.startsWith("start")) {
                if (soundStart == null) soundStart = time;
            }
        }
        if (triggers.size() < 2) throw new IOException(source + ": TR file has " + triggers.size() + " trigger lines; a run needs at least 2");
        if (soundStart == null) throw new IOException(source + ": TR file has no 'sound-start' (or 'start…') line marking the audio start");
        double meanGap = (triggers.get(triggers.size() - 1) - triggers.get(0)) / (triggers.size() - 1);
        List<Double> repaired = new ArrayList<>();
        int inserted = 0;
        for (int i = 0; i < triggers.size(); i++) {
            repaired.add(triggers.get(i));
            if (i + 1 < triggers.size() && triggers.get(i + 1) - triggers.get(i) > GAP_FACTOR * meanGap) {
                repaired.add(triggers.get(i) + tr);
                inserted++;
            }
        }
        return new HuthTrFile(repaired.stream().mapToDouble(Double::doubleValue).toArray(), soundStart, inserted);
    }
}
