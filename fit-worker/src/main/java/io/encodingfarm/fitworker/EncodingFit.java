package io.encodingfarm.fitworker;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.messaging.BadInputException;
import io.encodingfarm.core.messaging.TaskHandler;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.ArtifactWriter;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.schema.FitSettings;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.science.Fold;
import io.encodingfarm.science.Folds;
import io.encodingfarm.science.HrfModel;
import io.encodingfarm.science.LoroResult;
import io.encodingfarm.science.NestedLoro;
import io.encodingfarm.science.Preprocessing;
import io.encodingfarm.science.Regressors;
import io.encodingfarm.science.Resampling;
import io.encodingfarm.science.RidgeCV;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fit task: loads one layer's word features, the word timings and one subject's responses of
 * every run, validates them, and fits them the way the task's method says.
 * <ul>
 *   <li>{@code loro} (seed B): each word is an event (onset, duration = offset − onset) whose amplitudes
 *       are its feature vector, convolved with the HRF at the scan times; both sides trimmed and z-scored
 *       per run; nested leave-one-run-out ridge gives per-voxel r averaged over test runs.</li>
 *   <li>{@code bootstrap} (seed A): features at their times (the midpoint of each word, or the end of each
 *       speech window) Lanczos-resampled to the TR times, trimmed and z-scored per run, FIR-delayed; ridge
 *       with chunked bootstrap CV on the training runs; per-voxel Pearson r on the test run(s).</li>
 * </ul>
 */
final class EncodingFit implements TaskHandler<FitTask> {
    private static final Logger LOG = LoggerFactory.getLogger(EncodingFit.class);
    private final FarmContext context;
    private final Path workDir;

    EncodingFit(FarmContext context) {
        this.context = context;
        this.workDir = Path.of(context.config().get(ConfigKey.WORK_DIR));
    }

    /**
     * One run's inputs, validated against each other and against dataset.json. {@code featureTimes} is
     * null for word features (their times are the words'); speech features carry their window end times.
     */
    private record Run(DatasetMeta.Run meta, WordTable words, float[][] features, double[] featureTimes, float[][] responses,
                       double[] trTimes) {
        /** When each feature row happened: window ends, or the midpoints of the words. */
        double[] timesOfFeatures() {
            if (featureTimes != null) return featureTimes;
            double[] times = new double[words.size()];
            for (int i = 0; i < times.length; i++) times[i] = (words.onsets()[i] + words.offsets()[i]) / 2;
            return times;
        }
    }

    @Override
    public void handle(FitTask task, ArtifactWriter out) throws Exception {
        FitSettings settings = task.fit();
        validate(settings);
        long start = System.nanoTime();
        List<Run> runs = load(task);
        Map<String, Object> summary = new TreeMap<>();
        float[] scores;
        if (settings.method().equals("loro")) {
            LoroResult result = fitLoro(runs, settings);
            scores = result.scores();
            out.put("alphas.npy", Npy.toBytes(NpyArray.ofDoubles(result.chosenAlphas(), result.chosenAlphas().length)))
                    .put("fold_scores.npy", Npy.toBytes(NpyArray.ofMatrix(result.foldScores())));
        } else {
            RidgeCV.Result result = fitBootstrap(runs, settings);
            scores = result.testScores();
            out.put("alphas.npy", Npy.toBytes(NpyArray.ofDoubles(result.alphas(), result.alphas().length)));
            summary.put("test_runs", runs.stream().filter(r -> isTest(r.meta())).map(r -> r.meta().id()).toList());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        summary.put("schema_version", SchemaVersion.CURRENT);
        summary.put("task", task);
        summary.put("n_voxels", scores.length);
        summary.put("n_features", runs.get(0).features()[0].length);
        summary.put("mean_score", mean(scores));
        summary.put("fit_millis", millis);
        out.put("scores.npy", Npy.toBytes(NpyArray.ofFloats(scores, scores.length))).putJson("meta.json", summary);
        context.metrics().voxelsFitted(scores.length);
        LOG.info("fit {} ({} {} {}, {}): mean r {} in {} ms", task.id(), task.label(), task.layer(), task.subject(),
                settings.method(), String.format(Locale.ROOT, "%.4f", mean(scores)), millis);
    }

    private List<Run> load(FitTask task) throws Exception {
        FitSettings settings = task.fit();
        ArtifactStore store = context.store();
        String datasetPrefix = StoreKeys.dataset(task.dataset());
        String subject = StoreKeys.segment("subject", task.subject());
        String responses = "responses/" + subject + "/";
        Path local = store.mirror(datasetPrefix, workDir.resolve(datasetPrefix), key -> key.equals(DatasetDirectory.META)
                || key.startsWith("words/") || key.startsWith(responses) || key.startsWith("tr-times/"));
        DatasetDirectory dataset = BadInputException.reading(datasetPrefix + DatasetDirectory.META,
                () -> DatasetDirectory.open(local));
        DatasetMeta meta = dataset.meta();
        if (!meta.subjects().contains(subject)) {
            throw new BadInputException(datasetPrefix + DatasetDirectory.META, "has no subject '" + subject + "' (it has "
                    + meta.subjects() + ")");
        }
        String featuresPrefix = "features/" + StoreKeys.segment("features", task.features()) + "/";
        String layer = StoreKeys.segment("layer", task.layer());
        Path features = store.mirror(featuresPrefix, workDir.resolve(featuresPrefix),
                key -> key.startsWith(layer + "/") || key.startsWith("times/"));

        List<Run> runs = new ArrayList<>();
        int featureWidth = -1;
        for (DatasetMeta.Run run : meta.runs()) {
            String wordsKey = datasetPrefix + DatasetDirectory.wordsPath(run.id());
            WordTable words = BadInputException.reading(wordsKey, () -> dataset.words(run.id()));
            requireTimed(wordsKey, words);
            String featuresKey = featuresPrefix + layer + "/" + run.id() + ".npy";
            float[][] wordFeatures = BadInputException.requireFinite(featuresKey, BadInputException.reading(featuresKey,
                    () -> Npy.read(Files.readAllBytes(features.resolve(layer + "/" + run.id() + ".npy"))).toFloatMatrix()));
            Path timesFile = features.resolve("times/" + run.id() + ".npy");
            double[] featureTimes = Files.exists(timesFile) ? windowEnds(featuresPrefix + "times/" + run.id() + ".npy",
                    timesFile, wordFeatures.length) : null;
            if (featureTimes != null && settings.method().equals("loro")) {
                throw new BadInputException(featuresKey, "speech features (timed windows, not words) need fit method "
                        + "'bootstrap' (seed A); 'loro' convolves word events");
            }
            if (featureTimes == null && wordFeatures.length != words.size()) {
                throw new BadInputException(featuresKey, "holds " + wordFeatures.length + " words but " + wordsKey
                        + " lists " + words.size());
            }
            if (featureWidth >= 0 && wordFeatures.length > 0 && wordFeatures[0].length != featureWidth) {
                throw new BadInputException(featuresKey, "has " + wordFeatures[0].length + " features per word, other runs "
                        + featureWidth);
            }
            if (wordFeatures.length > 0) featureWidth = wordFeatures[0].length;
            if (2 * settings.trim() >= run.nTrs()) {
                throw new BadInputException("fit.trim", settings.trim() + " scans trimmed at each end leave nothing of run "
                        + run.id() + " (" + run.nTrs() + " scans)");
            }
            String responsesKey = datasetPrefix + DatasetDirectory.responsesPath(subject, run.id());
            float[][] y = BadInputException.requireFinite(responsesKey,
                    BadInputException.reading(responsesKey, () -> dataset.responses(subject, run.id())));
            if (y.length != run.nTrs() || (y.length > 0 && y[0].length != meta.nVoxels())) {
                throw new BadInputException(responsesKey, "has shape " + y.length + " x " + (y.length > 0 ? y[0].length : 0)
                        + ", dataset.json promises " + run.nTrs() + " scans x " + meta.nVoxels() + " voxels");
            }
            String trTimesKey = datasetPrefix + "tr-times/" + run.id() + ".npy";
            double[] trTimes = BadInputException.reading(trTimesKey, () -> dataset.trTimes(run.id()))
                    .orElseGet(() -> frameTimes(run.nTrs(), meta.tr()));
            if (trTimes.length != run.nTrs()) {
                throw new BadInputException(trTimesKey, "has " + trTimes.length + " times for " + run.nTrs() + " scans");
            }
            runs.add(new Run(run, words, wordFeatures, featureTimes, y, trTimes));
        }
        if (runs.size() < 3 && settings.method().equals("loro")) {
            throw new BadInputException(datasetPrefix + DatasetDirectory.META, "has " + runs.size()
                    + " runs; nested leave-one-run-out needs at least 3 (test, validation, training)");
        }
        if (settings.method().equals("bootstrap") && (runs.stream().noneMatch(r -> isTest(r.meta()))
                || runs.stream().allMatch(r -> isTest(r.meta())))) {
            throw new BadInputException(datasetPrefix + DatasetDirectory.META, "bootstrap fits need training runs and at "
                    + "least one run with role 'test' (the held-out story)");
        }
        return runs;
    }

    private static LoroResult fitLoro(List<Run> runs, FitSettings settings) {
        HrfModel hrf = HrfModel.valueOf(settings.hrf().toUpperCase(Locale.ROOT));
        List<float[][]> xRuns = new ArrayList<>();
        List<float[][]> yRuns = new ArrayList<>();
        for (Run run : runs) {
            double[][] regressors = Regressors.compute(run.words().onsets(), run.words().durations(), run.features(),
                    run.trTimes(), hrf, settings.oversampling(), Regressors.DEFAULT_MIN_ONSET);
            xRuns.add(Preprocessing.trimAndZscore(regressors, settings.trim(), settings.trim()));
            yRuns.add(trimmedZscored(run.responses(), settings.trim()));
        }
        return NestedLoro.fit(xRuns, yRuns, alphas(settings));
    }

    private static RidgeCV.Result fitBootstrap(List<Run> runs, FitSettings settings) {
        FitSettings.Bootstrap b = settings.bootstrap();
        int[] delays = b.delays().stream().mapToInt(Integer::intValue).toArray();
        List<float[][]> xTrain = new ArrayList<>(), yTrain = new ArrayList<>(), xTest = new ArrayList<>(), yTest = new ArrayList<>();
        for (Run run : runs) {
            double[][] atTrs = Resampling.lanczos(toDouble(run.features()), run.timesOfFeatures(), run.trTimes(),
                    b.lanczosWindow(), 1);
            float[][] x = Preprocessing.trimAndZscore(atTrs, settings.trim(), settings.trim());
            float[][] delayed = toFloat(Resampling.delay(toDouble(x), delays));
            boolean test = isTest(run.meta());
            (test ? xTest : xTrain).add(delayed);
            (test ? yTest : yTrain).add(trimmedZscored(run.responses(), settings.trim()));
        }
        float[][] xa = stack(xTrain), ya = stack(yTrain);
        if (xa.length / b.chunklen() < b.nchunks()) {
            throw new BadInputException("fit.nchunks", b.nchunks() + " held-out blocks of " + b.chunklen()
                    + " rows do not fit in " + xa.length + " training rows (at most " + xa.length / b.chunklen() + ")");
        }
        List<Fold> folds = Folds.bootstrap(xa.length, b.chunklen(), b.nchunks(), b.nboots(), b.seed());
        RidgeCV.Options options = new RidgeCV.Options(alphas(settings),
                b.alphaMode().equals("single") ? RidgeCV.AlphaMode.SINGLE : RidgeCV.AlphaMode.PER_VOXEL, b.alphaSquared(),
                b.score().equals("corr") ? RidgeCV.Score.CORRELATION : RidgeCV.Score.SIGNED_SQRT_R2,
                RidgeCV.Options.defaults().singularCutoff());
        return RidgeCV.fit(xa, ya, folds, options, stack(xTest), stack(yTest));
    }

    /** The end column of a (windows × {start, end}) times array: a speech feature's time is its window's end. */
    private static double[] windowEnds(String key, Path file, int windows) {
        double[][] times = BadInputException.reading(key, () -> Npy.read(Files.readAllBytes(file)).toDoubleMatrix());
        if (times.length != windows || (windows > 0 && times[0].length != 2)) {
            throw new BadInputException(key, "must be " + windows + " x 2 (start, end) for " + windows + " windows");
        }
        double[] ends = new double[windows];
        for (int i = 0; i < windows; i++) ends[i] = times[i][1];
        return ends;
    }

    private static boolean isTest(DatasetMeta.Run run) {
        return DatasetMeta.Run.TEST.equals(run.role());
    }

    private static float[][] trimmedZscored(float[][] y, int trim) {
        return Preprocessing.zscore(Arrays.copyOfRange(y, trim, y.length - trim));
    }

    private static double[] alphas(FitSettings settings) {
        return settings.alphas().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static float[][] stack(List<float[][]> parts) {
        return parts.stream().flatMap(Arrays::stream).toArray(float[][]::new);
    }

    private static double[][] toDouble(float[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) out[i][j] = m[i][j];
        }
        return out;
    }

    private static float[][] toFloat(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) out[i][j] = (float) m[i][j];
        }
        return out;
    }

    private static void requireTimed(String wordsKey, WordTable words) {
        double[] onsets = words.onsets();
        double[] offsets = words.offsets();
        for (int i = 0; i < onsets.length; i++) {
            if (!Double.isFinite(onsets[i]) || !Double.isFinite(offsets[i]) || offsets[i] < onsets[i]) {
                throw new BadInputException(wordsKey, "word " + (i + 1) + " ('" + words.words().get(i) + "') has onset "
                        + onsets[i] + " and offset " + offsets[i] + "; both must be finite with offset >= onset");
            }
        }
    }

    private static void validate(FitSettings settings) {
        String method = settings.method();
        if (!"loro".equals(method) && !"bootstrap".equals(method)) {
            throw new BadInputException("fit.method", "'" + method + "' is not supported (allowed: loro, bootstrap)");
        }
        if (!"glover".equals(settings.hrf()) && !"spm".equals(settings.hrf())) {
            throw new BadInputException("fit.hrf", "'" + settings.hrf() + "' is not supported (allowed: glover, spm)");
        }
        if (settings.oversampling() < 1 || settings.oversampling() > 1000) {
            throw new BadInputException("fit.oversampling", settings.oversampling() + " is outside 1..1000");
        }
        if (settings.trim() < 0) throw new BadInputException("fit.trim", "must not be negative, got " + settings.trim());
        if (settings.alphas().isEmpty()) throw new BadInputException("fit.alphas", "is empty");
        for (double alpha : settings.alphas()) {
            if (!(alpha > 0) || Double.isInfinite(alpha)) {
                throw new BadInputException("fit.alphas", "ridge penalties must be positive and finite, got " + alpha);
            }
        }
        if (method.equals("bootstrap")) {
            FitSettings.Bootstrap b = settings.bootstrap();
            if (b == null) throw new BadInputException("fit.bootstrap", "method bootstrap needs its settings");
            if (b.nboots() < 1 || b.chunklen() < 1 || b.nchunks() < 1 || b.lanczosWindow() < 1) {
                throw new BadInputException("fit.bootstrap", "nboots, chunklen, nchunks and lanczos_window must be >= 1");
            }
            if (b.delays().isEmpty() || b.delays().stream().anyMatch(d -> d < 0)) {
                throw new BadInputException("fit.delays", "must list non-negative delays, got " + b.delays());
            }
        }
    }

    /** Seed B's frame times: the middle of each scan, {@code arange(n)·tr + tr/2}. */
    static double[] frameTimes(int scans, double tr) {
        double[] times = new double[scans];
        for (int i = 0; i < scans; i++) times[i] = i * tr + tr / 2;
        return times;
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) sum += v;
        return values.length == 0 ? 0 : sum / values.length;
    }
}
