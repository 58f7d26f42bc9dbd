package io.encodingfarm.datasets;

import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.science.HrfModel;
import io.encodingfarm.science.Preprocessing;
import io.encodingfarm.science.Regressors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Synthetic fMRI with planted ground truth, in the LPP convention: responses are Glover-HRF
 * regressors of a teacher feature set (the features of each word of a text read aloud), projected
 * onto voxels by random weights, with a signal-to-noise ratio that differs between hemispheres, plus
 * independent noise per subject. A fit with the teacher's features should recover the signal, and
 * better on the side with the higher SNR.
 */
public final class SyntheticDataset {
    public static final double TR = 2.0;
    public static final String CONVENTION = DatasetMeta.LPP;
    static final HrfModel HRF = HrfModel.GLOVER;
    static final int OVERSAMPLING = 50;

    private SyntheticDataset() {
    }

    /**
     * What to generate. {@code snrLeft}/{@code snrRight} are per-voxel ratios std(signal)/std(noise)
     * for voxels with x &lt; 0 / x &gt; 0 (midline voxels get their mean).
     */
    public record SynthSpec(String name, int runs, int trsPerRun, int[] gridShape, double voxelMm,
                            int subjects, double snrLeft, double snrRight, long seed) {
        public SynthSpec {
            gridShape = gridShape.clone();
            if (runs < 1 || subjects < 1) throw new IllegalArgumentException("need at least one run and one subject");
            if (!(snrLeft >= 0) || !(snrRight >= 0)) throw new IllegalArgumentException("SNRs must be ≥ 0");
            if (!(voxelMm > 0)) throw new IllegalArgumentException("voxel size must be positive, got " + voxelMm);
        }

        /** Unit tests: 2 runs × 60 TRs, ~200 voxels, 2 subjects. */
        public static SynthSpec tiny() {
            return new SynthSpec("synth-tiny", 2, 60, new int[]{7, 9, 7}, 16, 2, 1.0, 0.4, 7);
        }

        /** The walking-skeleton demo: 4 runs × 170 TRs, ~2,100 voxels at 8 mm, 2 subjects. */
        public static SynthSpec demo() {
            return new SynthSpec("synth-demo", 4, 170, new int[]{15, 19, 14}, 8, 2, 0.8, 0.3, 42);
        }

        /** LPP-sized benchmark: 9 runs × 313 TRs (2,817), ~26k voxels at 4 mm, 3 subjects. */
        public static SynthSpec lppSized() {
            return new SynthSpec("synth-lpp", 9, 313, new int[]{35, 43, 33}, 4, 3, 0.5, 0.2, 2024);
        }

        @Override
        public int[] gridShape() {
            return gridShape.clone();
        }

        double snr(float x) {
            return x < 0 ? snrLeft : x > 0 ? snrRight : (snrLeft + snrRight) / 2;
        }
    }

    /**
     * A left-hemisphere sphere (MNI centre and radius in mm) whose voxels get their own SNR, written
     * as the ROI mask {@code rois/<name>.nii.gz}; its right-hemisphere mirror keeps {@code snrRight}.
     */
    public record HotSpot(String name, double x, double y, double z, double radiusMm, double snr) {
        public HotSpot {
            if (!(x < 0)) throw new IllegalArgumentException("hot spot " + name + " must lie in the left hemisphere (x < 0), got x = " + x);
            if (!(radiusMm > 0) || !(snr >= 0)) throw new IllegalArgumentException("hot spot " + name + " needs a positive radius and an SNR ≥ 0");
        }

        /** Approximate centres of three left-lateralised language regions: STG, IFG, anterior temporal lobe. */
        public static List<HotSpot> languageNetwork(double snr) {
            return List.of(new HotSpot("stg", -58, -22, 4, 14, snr), new HotSpot("ifg", -48, 20, 12, 14, snr),
                    new HotSpot("atl", -54, 6, -20, 12, snr));
        }

        boolean contains(float[] mm) {
            double dx = mm[0] - x, dy = mm[1] - y, dz = mm[2] - z;
            return dx * dx + dy * dy + dz * dz <= radiusMm * radiusMm;
        }
    }

    /**
     * A generated dataset in memory, before it is written in any layout: per run the z-scored clean
     * signal (TRs × V) and each voxel's SNR, from which further noisy presentations can be drawn.
     */
    record Simulation(DatasetMeta meta, NiftiImage mask, float[][] voxels, List<WordTable> words,
                      Map<String, List<float[][]>> responsesBySubject, List<float[][]> signal, float[] snr,
                      Map<String, NiftiImage> rois) {

        /** One noisy presentation of a run: snr·signal + N(0,1), z-scored per voxel. */
        float[][] presentation(int run, SplittableRandom noise) {
            return noisy(signal.get(run), snr, noise);
        }
    }

    /**
     * Generates the dataset straight into {@code outDir} in the store layout
     * ({@code dataset.json}, mask, voxels, words, responses of every subject and of "average").
     *
     * @param teacher maps a run id and its words to the (words × k) teacher features
     */
    public static DatasetMeta generate(SynthSpec spec, BiFunction<String, List<String>, float[][]> teacher,
                                       String teacherId, Path outDir) throws IOException {
        return generate(spec, List.of(), teacher, teacherId, outDir);
    }

    /** As {@link #generate(SynthSpec, BiFunction, String, Path)}, with ROI-shaped hot spots of their own SNR. */
    public static DatasetMeta generate(SynthSpec spec, List<HotSpot> hotSpots, BiFunction<String, List<String>, float[][]> teacher,
                                       String teacherId, Path outDir) throws IOException {
        Simulation sim = simulate(spec, hotSpots, teacher, teacherId);
        DatasetDirectory dir = DatasetDirectory.create(outDir, sim.meta());
        dir.writeMask(sim.mask());
        dir.writeVoxelCoordinates(sim.voxels());
        List<String> runIds = sim.meta().runIds();
        for (int r = 0; r < runIds.size(); r++) dir.writeWords(runIds.get(r), sim.words().get(r));
        for (Map.Entry<String, List<float[][]>> subject : sim.responsesBySubject().entrySet()) {
            for (int r = 0; r < runIds.size(); r++) dir.writeResponses(subject.getKey(), runIds.get(r), subject.getValue().get(r));
        }
        for (Map.Entry<String, NiftiImage> roi : sim.rois().entrySet()) dir.writeRoi(roi.getKey(), roi.getValue());
        return sim.meta();
    }

    static Simulation simulate(SynthSpec spec, BiFunction<String, List<String>, float[][]> teacher, String teacherId) {
        return simulate(spec, List.of(), teacher, teacherId);
    }

    static Simulation simulate(SynthSpec spec, List<HotSpot> hotSpots, BiFunction<String, List<String>, float[][]> teacher,
                               String teacherId) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        NiftiImage mask = SyntheticBrain.mask(spec.gridShape(), spec.voxelMm());
        float[][] voxels = VoxelGrid.coordinates(mask);
        int nVoxels = voxels.length;
        double runDuration = spec.trsPerRun() * TR;
        List<WordTable> words = SpeechTimeline.runs(SpeechTimeline.demoText(), spec.runs(), runDuration, random.nextLong());
        List<String> runIds = new ArrayList<>();
        for (int r = 1; r <= spec.runs(); r++) runIds.add("run-" + r);

        List<double[][]> regressors = new ArrayList<>();
        int dims = -1;
        for (int r = 0; r < spec.runs(); r++) {
            float[][] features = teacher.apply(runIds.get(r), words.get(r).words());
            if (features.length != words.get(r).size()) {
                throw new IllegalArgumentException("teacher '" + teacherId + "' returned " + features.length + " rows for run "
                        + runIds.get(r) + " of " + words.get(r).size() + " words");
            }
            if (dims < 0) dims = features.length == 0 ? 0 : features[0].length;
            if (dims == 0 || features.length > 0 && features[0].length != dims) {
                throw new IllegalArgumentException("teacher '" + teacherId + "' must return the same positive width for every run");
            }
            regressors.add(Regressors.compute(words.get(r).onsets(), words.get(r).durations(), features,
                    frameTimes(spec.trsPerRun()), HRF, OVERSAMPLING, Regressors.DEFAULT_MIN_ONSET));
        }

        float[][] weights = gaussian(random.split(), dims, nVoxels);
        float[] amplitude = new float[nVoxels];
        for (int v = 0; v < nVoxels; v++) amplitude[v] = (float) spec.snr(voxels[v][0]);
        Map<String, NiftiImage> rois = new LinkedHashMap<>();
        int[] inMask = VoxelGrid.voxelIndices(mask);
        for (HotSpot spot : hotSpots) {
            boolean[] inside = new boolean[mask.voxelsPerVolume()];
            for (int v = 0; v < nVoxels; v++) {
                if (spot.contains(voxels[v])) {
                    amplitude[v] = (float) spot.snr();
                    inside[inMask[v]] = true;
                }
            }
            rois.put(spot.name(), NiftiImage.mask(spec.gridShape(), mask.affine(), inside));
        }
        List<float[][]> signal = new ArrayList<>();
        for (double[][] x : regressors) signal.add(Preprocessing.zscore(multiply(x, weights)));

        Map<String, List<float[][]>> responses = new LinkedHashMap<>();
        List<String> subjects = new ArrayList<>();
        for (int s = 1; s <= spec.subjects(); s++) {
            String subject = String.format("sub-%02d", s);
            subjects.add(subject);
            SplittableRandom noise = random.split();
            List<float[][]> runs = new ArrayList<>();
            for (float[][] clean : signal) runs.add(noisy(clean, amplitude, noise));
            responses.put(subject, runs);
        }
        responses.put(DatasetMeta.AVERAGE_SUBJECT, averageSubject(new ArrayList<>(responses.values())));
        subjects.add(DatasetMeta.AVERAGE_SUBJECT);

        List<DatasetMeta.Run> runs = runIds.stream().map(id -> new DatasetMeta.Run(id, spec.trsPerRun(), DatasetMeta.Run.TRAIN)).toList();
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("teacher", teacherId);
        truth.put("teacher_dims", dims);
        truth.put("snr_left", spec.snrLeft());
        truth.put("snr_right", spec.snrRight());
        truth.put("snr_midline", spec.snr(0f));
        truth.put("snr_definition", "per voxel std(signal)/std(noise) before the per-run z-score; left is x<0");
        truth.put("hrf", HRF.name().toLowerCase());
        truth.put("weights", "iid standard normal, teacher dims x voxels");
        truth.put("text", SpeechTimeline.DEMO_TEXT);
        truth.put("seed", spec.seed());
        if (!hotSpots.isEmpty()) {
            truth.put("hot_spots", hotSpots.stream().map(h -> Map.of("name", h.name(), "center_mm", List.of(h.x(), h.y(), h.z()),
                    "radius_mm", h.radiusMm(), "snr", h.snr())).toList());
        }
        DatasetMeta meta = new DatasetMeta(DatasetMeta.SCHEMA_VERSION, spec.name(), CONVENTION, TR, runs, subjects, nVoxels,
                new DatasetMeta.Grid(spec.gridShape(), mask.affine()), truth);
        return new Simulation(meta, mask, voxels, words, responses, signal, amplitude, rois);
    }

    private static float[][] noisy(float[][] clean, float[] amplitude, SplittableRandom noise) {
        float[][] y = new float[clean.length][amplitude.length];
        for (int t = 0; t < clean.length; t++) {
            for (int v = 0; v < amplitude.length; v++) y[t][v] = amplitude[v] * clean[t][v] + (float) noise.nextGaussian();
        }
        return Preprocessing.zscore(y);
    }

    /** Frame times of an LPP-convention run: {@code arange(n)·tr + tr/2}. */
    public static double[] frameTimes(int trs) {
        double[] t = new double[trs];
        for (int i = 0; i < trs; i++) t[i] = i * TR + TR / 2;
        return t;
    }

    /** Per-run mean over subjects, re-z-scored (ddof 0): the "average" subject. */
    public static List<float[][]> averageSubject(List<List<float[][]>> subjectsRuns) {
        int runs = subjectsRuns.get(0).size();
        List<float[][]> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            float[][] first = subjectsRuns.get(0).get(r);
            float[][] mean = new float[first.length][first[0].length];
            for (List<float[][]> subject : subjectsRuns) {
                float[][] y = subject.get(r);
                if (y.length != first.length || y[0].length != first[0].length) {
                    throw new IllegalArgumentException("subjects disagree on the shape of run " + (r + 1));
                }
                for (int t = 0; t < y.length; t++) for (int v = 0; v < y[t].length; v++) mean[t][v] += y[t][v] / subjectsRuns.size();
            }
            out.add(Preprocessing.zscore(mean));
        }
        return out;
    }

    private static float[][] gaussian(SplittableRandom random, int rows, int cols) {
        float[][] out = new float[rows][cols];
        for (float[] row : out) for (int j = 0; j < cols; j++) row[j] = (float) random.nextGaussian();
        return out;
    }

    private static float[][] multiply(double[][] x, float[][] w) {
        int cols = w[0].length;
        float[][] out = new float[x.length][cols];
        for (int t = 0; t < x.length; t++) {
            float[] row = out[t];
            for (int k = 0; k < w.length; k++) {
                float a = (float) x[t][k];
                if (a == 0) continue;
                float[] wk = w[k];
                // A plain float axpy: the JIT vectorises it (the projection dominates LPP-sized generation).
                for (int v = 0; v < cols; v++) row[v] += a * wk[v];
            }
        }
        return out;
    }
}
