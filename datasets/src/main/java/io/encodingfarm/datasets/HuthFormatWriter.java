package io.encodingfarm.datasets;

import io.encodingfarm.formats.Hdf5;
import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.formats.TextGrid;
import io.encodingfarm.formats.WordTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Writes a synthetic dataset the way the Huth-lab deep-fMRI data are published (see
 * {@link HuthLayout}): the runs become stories {@code story-01…}, the last one the test story with
 * repeated presentations (repeats × TRs × voxels in its HDF5 file). Responses are stored trimmed
 * as the lab does (10 TRs at the start, 5 at the end are in the TR file but not in the responses);
 * the TR files miss one trigger, which readers must repair.
 */
public final class HuthFormatWriter {
    /** TRs the lab's preprocessing drops at the start and end of every story. */
    static final int TRIM_START = 10, TRIM_END = 5;
    private static final double SOUND_START_S = 40;
    private static final int DROPPED_TRIGGER = 30;

    private HuthFormatWriter() {
    }

    public static List<String> storyNames(int runs) {
        List<String> out = new ArrayList<>();
        for (int r = 1; r <= runs; r++) out.add(String.format("story-%02d", r));
        return out;
    }

    public static void generate(SyntheticDataset.SynthSpec spec, int testRepeats, BiFunction<String, List<String>, float[][]> teacher,
                                String teacherId, Path root) throws IOException {
        write(SyntheticDataset.simulate(spec, teacher, teacherId), testRepeats, spec.seed(), root);
    }

    static void write(SyntheticDataset.Simulation sim, int testRepeats, long seed, Path root) throws IOException {
        if (testRepeats < 2) throw new IllegalArgumentException("the test story needs at least 2 repeats, got " + testRepeats);
        DatasetMeta meta = sim.meta();
        List<String> stories = storyNames(meta.runs().size());
        Nifti.write(sim.mask(), root.resolve(HuthLayout.MASK));
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int r = 0; r < stories.size(); r++) {
            String story = stories.get(r);
            WordTable words = sim.words().get(r);
            writeTextGrid(words, meta.run(meta.runIds().get(r)).nTrs() * meta.tr(), HuthLayout.textGrid(root, story));
            writeTrFile(meta.run(meta.runIds().get(r)).nTrs(), meta.tr(), HuthLayout.trFile(root, story));
        }
        int test = stories.size() - 1;
        for (Map.Entry<String, List<float[][]>> subject : sim.responsesBySubject().entrySet()) {
            if (subject.getKey().equals(DatasetMeta.AVERAGE_SUBJECT)) continue;
            for (int r = 0; r < test; r++) {
                Hdf5.write(HuthLayout.responses(root, subject.getKey(), stories.get(r)), Map.of("data", NpyArray.ofMatrix(subject.getValue().get(r))));
            }
            float[][] first = sim.presentation(test, random);
            float[] repeats = new float[testRepeats * first.length * first[0].length];
            for (int k = 0; k < testRepeats; k++) {
                float[][] presentation = k == 0 ? first : sim.presentation(test, random);
                for (int t = 0; t < presentation.length; t++) {
                    System.arraycopy(presentation[t], 0, repeats, (k * first.length + t) * first[0].length, first[0].length);
                }
            }
            Hdf5.write(HuthLayout.responses(root, subject.getKey(), stories.get(test)),
                    Map.of("data", NpyArray.ofFloats(repeats, testRepeats, first.length, first[0].length)));
        }
    }

    private static void writeTextGrid(WordTable words, double duration, Path file) throws IOException {
        List<TextGrid.Interval> intervals = new ArrayList<>();
        double t = 0;
        for (int i = 0; i < words.size(); i++) {
            double on = words.onsets()[i], off = words.offsets()[i];
            if (on > t) intervals.add(new TextGrid.Interval(t, on, on - t > 0.3 ? "sp" : ""));
            intervals.add(new TextGrid.Interval(on, off, words.words().get(i)));
            t = off;
        }
        if (t < duration) intervals.add(new TextGrid.Interval(t, duration, "{LG}"));
        TextGrid grid = new TextGrid(0, duration, List.of(
                new TextGrid.Tier("phone", false, List.of(new TextGrid.Interval(0, duration, ""))),
                new TextGrid.Tier("word", false, intervals)));
        Files.createDirectories(file.getParent());
        Files.writeString(file, grid.toLongText());
    }

    /** Triggers at the LPP-convention frame times (audio clock), 10 before and 5 after the kept TRs, one missing. */
    private static void writeTrFile(int keptTrs, double tr, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%.4f sound-start", SOUND_START_S));
        for (int i = -TRIM_START; i < keptTrs + TRIM_END; i++) {
            if (i == DROPPED_TRIGGER) continue;
            double time = SOUND_START_S + i * tr + tr / 2;
            lines.add(String.format("%.4f %s", time, i == -TRIM_START ? "init-trigger" : "trigger"));
        }
        lines.add(String.format("%.4f sound-stop", SOUND_START_S + keptTrs * tr));
        lines.sort(java.util.Comparator.comparingDouble(l -> Double.parseDouble(l.split(" ")[0])));
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
