package io.encodingfarm.dispatcher;

import com.fasterxml.jackson.core.type.TypeReference;
import io.encodingfarm.datasets.VoxelGrid;
import io.encodingfarm.formats.Nifti;
import io.encodingfarm.formats.NiftiImage;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.schema.Json;
import io.encodingfarm.science.Fold;
import io.encodingfarm.science.Folds;
import io.encodingfarm.science.Hrf;
import io.encodingfarm.science.HrfModel;
import io.encodingfarm.science.Laterality;
import io.encodingfarm.science.Lateralization;
import io.encodingfarm.science.LoroResult;
import io.encodingfarm.science.NestedLoro;
import io.encodingfarm.science.NoiseCeiling;
import io.encodingfarm.science.Regressors;
import io.encodingfarm.science.Resampling;
import io.encodingfarm.science.RidgeCV;
import io.encodingfarm.science.Scaling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code farm science …}: the science core on {@code .npy} files, so results can be compared with
 * reference implementations. Bad files give one line naming the file and the problem, exit status 2.
 */
@Command(name = "science", description = "Run the science core on .npy files (C order, float32/float64 in; "
        + "float64 out unless --dtype float32).",
        subcommands = {ScienceCli.LanczosCmd.class, ScienceCli.DelayCmd.class, ScienceCli.HrfCmd.class,
            ScienceCli.RegressorCmd.class, ScienceCli.RidgeCmd.class, ScienceCli.LoroCmd.class, ScienceCli.CeilingCmd.class,
            ScienceCli.LateralityCmd.class, ScienceCli.ScalingCmd.class})
final class ScienceCli {

    /** Output precision, shared by the commands that write arrays. */
    static final class Precision {
        @Option(names = "--dtype", defaultValue = "float64", description = "float32 | float64 (default ${DEFAULT-VALUE})")
        String dtype;

        void write(Path out, double[] data, int... shape) throws IOException {
            NpyArray array = switch (dtype) {
                case "float64" -> NpyArray.ofDoubles(data, shape);
                case "float32" -> {
                    float[] f = new float[data.length];
                    for (int i = 0; i < f.length; i++) f[i] = (float) data[i];
                    yield NpyArray.ofFloats(f, shape);
                }
                default -> throw new IllegalArgumentException("--dtype must be float32 or float64, got '" + dtype + "'");
            };
            Files.write(out, Npy.toBytes(array));
        }

        void write(Path out, float[] data, int... shape) throws IOException {
            double[] d = new double[data.length];
            for (int i = 0; i < d.length; i++) d[i] = data[i];
            write(out, d, shape);
        }

        void write(Path out, double[][] rows) throws IOException {
            write(out, flatten(rows), rows.length, rows.length == 0 ? 0 : rows[0].length);
        }

        void write(Path out, float[][] rows) throws IOException {
            double[][] d = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                d[i] = new double[rows[i].length];
                for (int j = 0; j < d[i].length; j++) d[i][j] = rows[i][j];
            }
            write(out, d);
        }
    }

    @Command(name = "lanczos", description = "Lanczos interpolation from old to new times (seed A).")
    static final class LanczosCmd implements Callable<Integer> {
        @Option(names = "--data", required = true) Path data;
        @Option(names = "--old-times", required = true) Path oldTimes;
        @Option(names = "--new-times", required = true) Path newTimes;
        @Option(names = "--window", defaultValue = "3") int window;
        @Option(names = "--cutoff-mult", defaultValue = "1") double cutoffMult;
        @Option(names = "--out", required = true) Path out;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            double[][] x = matrix(data);
            double[] old = vector(oldTimes);
            if (old.length != x.length) throw bad(oldTimes, old.length + " times for " + x.length + " rows of " + data);
            precision.write(out, Resampling.lanczos(x, old, vector(newTimes), window, cutoffMult));
            return 0;
        }
    }

    @Command(name = "delay", description = "FIR delays: columns [X(t-d1) | X(t-d2) | ...], zero-filled.")
    static final class DelayCmd implements Callable<Integer> {
        @Option(names = "--data", required = true) Path data;
        @Option(names = "--delays", defaultValue = "1,2,3,4", split = ",") int[] delays;
        @Option(names = "--out", required = true) Path out;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            precision.write(out, Resampling.delay(matrix(data), delays));
            return 0;
        }
    }

    @Command(name = "hrf", description = "nilearn's Glover or SPM HRF kernel.")
    static final class HrfCmd implements Callable<Integer> {
        @Option(names = "--model", required = true) String model;
        @Option(names = "--tr", required = true) double tr;
        @Option(names = "--oversampling", defaultValue = "50") int oversampling;
        @Option(names = "--time-length", defaultValue = "32") double timeLength;
        @Option(names = "--onset", defaultValue = "0") double onset;
        @Option(names = "--out", required = true) Path out;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            double[] h = Hrf.kernel(HrfModel.parse(model), tr, oversampling, timeLength, onset);
            precision.write(out, h, h.length);
            return 0;
        }
    }

    @Command(name = "regressor", description = "nilearn compute_regressor for events (E.csv header: onset,duration,amplitude).")
    static final class RegressorCmd implements Callable<Integer> {
        @Option(names = "--events", required = true) Path events;
        @Option(names = "--frame-times", required = true) Path frameTimes;
        @Option(names = "--model", required = true) String model;
        @Option(names = "--oversampling", defaultValue = "50") int oversampling;
        @Option(names = "--min-onset", defaultValue = "-24") double minOnset;
        @Option(names = "--out", required = true) Path out;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            List<String> lines = Files.readAllLines(events).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty() || !lines.get(0).replace(" ", "").equals("onset,duration,amplitude")) {
                throw bad(events, "the first line must be the header onset,duration,amplitude");
            }
            int n = lines.size() - 1;
            double[] onsets = new double[n], durations = new double[n];
            float[][] amplitudes = new float[n][1];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                if (f.length != 3) throw bad(events, "line " + (i + 2) + " has " + f.length + " fields, expected 3");
                try {
                    onsets[i] = finite(events, Double.parseDouble(f[0].strip()));
                    durations[i] = finite(events, Double.parseDouble(f[1].strip()));
                    amplitudes[i][0] = (float) finite(events, Double.parseDouble(f[2].strip()));
                } catch (NumberFormatException e) {
                    throw bad(events, "line " + (i + 2) + " holds a value that is not a number: " + lines.get(i + 1));
                }
            }
            double[][] r = Regressors.compute(onsets, durations, amplitudes, vector(frameTimes), HrfModel.parse(model),
                    oversampling, minOnset);
            double[] column = new double[r.length];
            for (int i = 0; i < r.length; i++) column[i] = r[i][0];
            precision.write(out, column, column.length);
            return 0;
        }
    }

    /** Exactly one way to define the CV folds. */
    static final class FoldSource {
        @Option(names = "--folds", description = "F.json: [{\"train\":[rows],\"validation\":[rows]}, ...]") Path folds;
        @ArgGroup(exclusive = false) Bootstrap bootstrap;
    }

    static final class Bootstrap {
        @Option(names = "--nboots", required = true) int nboots;
        @Option(names = "--chunklen", required = true) int chunklen;
        @Option(names = "--nchunks", required = true) int nchunks;
        @Option(names = "--seed", defaultValue = "0") long seed;
    }

    @Command(name = "ridge", description = "Ridge with CV over explicit or bootstrap folds (seed A's scheme), per-voxel or single alpha.")
    static final class RidgeCmd implements Callable<Integer> {
        @Option(names = "--x-train", required = true) Path xTrain;
        @Option(names = "--y-train", required = true) Path yTrain;
        @Option(names = "--x-test", required = true) Path xTest;
        @Option(names = "--y-test", required = true) Path yTest;
        @Option(names = "--alphas", required = true) Path alphas;
        @ArgGroup(exclusive = true, multiplicity = "1") FoldSource folds;
        @Option(names = "--alpha-mode", defaultValue = "per-voxel", description = "per-voxel | single") String alphaMode;
        @Option(names = "--alpha-squared", description = "seed A's s/(s^2+alpha^2)") boolean alphaSquared;
        @Option(names = "--score", defaultValue = "corr", description = "corr | signed-sqrt-r2") String score;
        @Option(names = "--singcutoff", defaultValue = "1e-10") double singcutoff;
        @Option(names = "--out-dir", required = true) Path outDir;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            float[][] xa = floats(xTrain), ya = floats(yTrain), xc = floats(xTest), yc = floats(yTest);
            sameRows(xTrain, xa, yTrain, ya);
            sameRows(xTest, xc, yTest, yc);
            List<Fold> foldList = folds.folds != null ? readFolds(folds.folds, xa.length)
                    : Folds.bootstrap(xa.length, folds.bootstrap.chunklen, folds.bootstrap.nchunks, folds.bootstrap.nboots,
                    folds.bootstrap.seed);
            RidgeCV.Options options = new RidgeCV.Options(vector(alphas), switch (alphaMode) {
                case "per-voxel" -> RidgeCV.AlphaMode.PER_VOXEL;
                case "single" -> RidgeCV.AlphaMode.SINGLE;
                default -> throw new IllegalArgumentException("--alpha-mode must be per-voxel or single, got '" + alphaMode + "'");
            }, alphaSquared, switch (score) {
                case "corr" -> RidgeCV.Score.CORRELATION;
                case "signed-sqrt-r2" -> RidgeCV.Score.SIGNED_SQRT_R2;
                default -> throw new IllegalArgumentException("--score must be corr or signed-sqrt-r2, got '" + score + "'");
            }, singcutoff);
            RidgeCV.Result result = RidgeCV.fit(xa, ya, foldList, options, xc, yc);
            Files.createDirectories(outDir);
            precision.write(outDir.resolve("alphas.npy"), result.alphas(), result.alphas().length);
            precision.write(outDir.resolve("cv_scores.npy"), result.cvScores());
            precision.write(outDir.resolve("test_scores.npy"), result.testScores(), result.testScores().length);
            precision.write(outDir.resolve("weights.npy"), result.weights());
            return 0;
        }
    }

    @Command(name = "loro", description = "Seed B's nested leave-one-run-out ridge (one alpha per test run).")
    static final class LoroCmd implements Callable<Integer> {
        @Option(names = "--x", required = true, split = ",") List<Path> x;
        @Option(names = "--y", required = true, split = ",") List<Path> y;
        @Option(names = "--alphas", required = true) Path alphas;
        @Option(names = "--out-dir", required = true) Path outDir;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            if (x.size() != y.size()) throw new IllegalArgumentException("--x names " + x.size() + " runs, --y " + y.size());
            if (x.size() < 3) throw new IllegalArgumentException("nested leave-one-run-out needs at least 3 runs, got " + x.size());
            List<float[][]> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                float[][] xi = floats(x.get(i)), yi = floats(y.get(i));
                sameRows(x.get(i), xi, y.get(i), yi);
                xs.add(xi);
                ys.add(yi);
            }
            LoroResult result = NestedLoro.fit(xs, ys, vector(alphas));
            Files.createDirectories(outDir);
            precision.write(outDir.resolve("scores.npy"), result.scores(), result.scores().length);
            precision.write(outDir.resolve("alphas.npy"), result.chosenAlphas(), result.chosenAlphas().length);
            return 0;
        }
    }

    @Command(name = "ceiling", description = "Noise ceiling cc_max per voxel from repeats (repeats x TRs x voxels).")
    static final class CeilingCmd implements Callable<Integer> {
        @Option(names = "--repeats", required = true) Path repeats;
        @Option(names = "--out", required = true) Path out;
        @picocli.CommandLine.Mixin Precision precision;

        @Override
        public Integer call() throws IOException {
            NpyArray array = read(repeats);
            if (array.rank() != 3) throw bad(repeats, "expected repeats x TRs x voxels, got shape " + Arrays.toString(array.shape()));
            int r = array.dim(0), t = array.dim(1), v = array.dim(2);
            if (r < 2) throw bad(repeats, "needs at least 2 repeats, got " + r);
            float[] flat = array.toFloatArray();
            float[][][] cube = new float[r][t][v];
            for (int i = 0; i < r; i++) for (int j = 0; j < t; j++) System.arraycopy(flat, (i * t + j) * v, cube[i][j], 0, v);
            double[] cc = NoiseCeiling.ccMax(cube);
            precision.write(out, cc, cc.length);
            return 0;
        }
    }

    @Command(name = "laterality", description = "Left-minus-right mean score (x<0 left, x>0 right) and variants; JSON on stdout.")
    static final class LateralityCmd implements Callable<Integer> {
        @Option(names = "--scores", required = true, description = "per in-mask voxel, in the mask's voxel order") Path scores;
        @Option(names = "--mask", required = true) Path mask;
        @Option(names = "--ceiling") Path ceiling;
        @Option(names = "--rois", description = "directory of left-hemisphere ROI masks (*.nii.gz) on the same grid") Path rois;

        @Override
        public Integer call() throws IOException {
            NiftiImage maskImage = nifti(mask);
            float[][] mni = VoxelGrid.coordinates(maskImage);
            float[] s = read(scores).toFloatArray();
            if (s.length != mni.length) throw bad(scores, s.length + " scores but " + mask + " has " + mni.length + " voxels");
            requireFinite(scores, s);
            float[] x = new float[mni.length];
            for (int i = 0; i < x.length; i++) x[i] = mni[i][0];
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("all", Lateralization.leftMinusRight(s, x));
            out.put("top_10_percent", Lateralization.topPercentile(s, x, 90));
            if (ceiling != null) {
                double[] c = vector(ceiling);
                if (c.length != s.length) throw bad(ceiling, c.length + " ceilings for " + s.length + " scores");
                out.put("reliable", Lateralization.reliable(s, x, c, 75));
                out.put("ceiling_normalized", Lateralization.ceilingNormalized(s, x, c));
            }
            if (rois != null) out.put("rois", roiPairs(maskImage, mni, s));
            System.out.println(Json.toPrettyString(out));
            return 0;
        }

        private Map<String, Laterality> roiPairs(NiftiImage maskImage, float[][] mni, float[] s) throws IOException {
            Map<String, Laterality> pairs = new LinkedHashMap<>();
            int[] inMask = VoxelGrid.voxelIndices(maskImage);
            double gridMm = Math.abs(maskImage.affine()[0][0]);
            try (var files = Files.list(rois)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".nii.gz") || f.toString().endsWith(".nii")).sorted().toList()) {
                    NiftiImage roi = nifti(file);
                    if (!Arrays.equals(roi.shape(), maskImage.shape())) {
                        throw bad(file, "grid " + Arrays.toString(roi.shape()) + " differs from the mask's " + Arrays.toString(maskImage.shape()));
                    }
                    boolean[] left = new boolean[inMask.length];
                    for (int v = 0; v < inMask.length; v++) left[v] = roi.data()[inMask[v]] > 0 && mni[v][0] < 0;
                    String name = file.getFileName().toString().replaceAll("\\.nii(\\.gz)?$", "");
                    pairs.put(name, Lateralization.roiPair(s, left, Lateralization.mirror(left, mni, gridMm)));
                }
            }
            return pairs;
        }
    }

    @Command(name = "scaling", description = "OLS of y on ln(n_params) with bootstrap CI of the slope (T.csv header n_params,y); JSON on stdout.")
    static final class ScalingCmd implements Callable<Integer> {
        @Option(names = "--table", required = true) Path table;
        @Option(names = "--bootstrap", defaultValue = "1000") int bootstrap;
        @Option(names = "--seed", defaultValue = "0") long seed;

        @Override
        public Integer call() throws IOException {
            List<String> lines = Files.readAllLines(table).stream().filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty() || !lines.get(0).replace(" ", "").equals("n_params,y")) {
                throw bad(table, "the first line must be the header n_params,y");
            }
            int n = lines.size() - 1;
            if (n < 3) throw bad(table, "needs at least 3 rows for a fit with a p-value, got " + n);
            double[] params = new double[n], y = new double[n];
            for (int i = 0; i < n; i++) {
                String[] f = lines.get(i + 1).split(",");
                try {
                    params[i] = finite(table, Double.parseDouble(f[0].strip()));
                    y[i] = finite(table, Double.parseDouble(f[1].strip()));
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw bad(table, "line " + (i + 2) + " is not 'n_params,y': " + lines.get(i + 1));
                }
                if (!(params[i] > 0)) throw bad(table, "line " + (i + 2) + ": n_params must be positive");
            }
            System.out.println(Json.toPrettyString(Scaling.logFit(params, y, bootstrap, seed)));
            return 0;
        }
    }

    // ---- reading inputs: every failure names the file ----

    static NpyArray read(Path file) {
        try {
            NpyArray array = Npy.read(Files.readAllBytes(file));
            if (array.size() == 0) throw bad(file, "is empty");
            return array;
        } catch (IOException e) {
            throw bad(file, e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage());
        }
    }

    static NiftiImage nifti(Path file) {
        try {
            return Nifti.read(file);
        } catch (IOException | RuntimeException e) {
            throw bad(file, e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage());
        }
    }

    static double[][] matrix(Path file) {
        NpyArray array = read(file);
        if (array.rank() != 2) throw bad(file, "expected a 2-D array, got shape " + Arrays.toString(array.shape()));
        double[][] m = array.toDoubleMatrix();
        for (double[] row : m) for (double v : row) finite(file, v);
        return m;
    }

    static float[][] floats(Path file) {
        NpyArray array = read(file);
        if (array.rank() != 2) throw bad(file, "expected a 2-D array, got shape " + Arrays.toString(array.shape()));
        float[][] m = array.toFloatMatrix();
        for (float[] row : m) requireFinite(file, row);
        return m;
    }

    static double[] vector(Path file) {
        NpyArray array = read(file);
        if (array.rank() != 1) throw bad(file, "expected a 1-D array, got shape " + Arrays.toString(array.shape()));
        double[] v = array.toDoubleArray();
        for (double d : v) finite(file, d);
        return v;
    }

    private static void requireFinite(Path file, float[] values) {
        for (float v : values) finite(file, v);
    }

    private static double finite(Path file, double v) {
        if (!Double.isFinite(v)) throw bad(file, "contains a non-finite value (" + v + ")");
        return v;
    }

    private static void sameRows(Path xFile, float[][] x, Path yFile, float[][] y) {
        if (x.length != y.length) throw bad(yFile, y.length + " rows but " + xFile + " has " + x.length);
    }

    private static List<Fold> readFolds(Path file, int rows) {
        List<Map<String, int[]>> raw;
        try {
            raw = Json.MAPPER.readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw bad(file, "not a JSON list of {\"train\":[...],\"validation\":[...]}: " + e.getMessage());
        }
        List<Fold> folds = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            int[] train = raw.get(i).get("train"), validation = raw.get(i).get("validation");
            if (train == null || validation == null) throw bad(file, "fold " + i + " needs 'train' and 'validation'");
            for (int row : concat(train, validation)) {
                if (row < 0 || row >= rows) throw bad(file, "fold " + i + " names row " + row + " outside 0.." + (rows - 1));
            }
            folds.add(new Fold(train, validation));
        }
        if (folds.isEmpty()) throw bad(file, "lists no folds");
        return folds;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] flatten(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] out = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * cols, cols);
        return out;
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem);
    }
}
