package io.encodingfarm.fitworker;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.messaging.BadInputException;
import io.encodingfarm.core.messaging.TaskHandler;
import io.encodingfarm.core.store.ArtifactWriter;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.datasets.DatasetMeta;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.formats.WordTable;
import io.encodingfarm.schema.FitSettings;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.science.HrfModel;
import io.encodingfarm.science.LoroResult;
import io.encodingfarm.science.NestedLoro;
import io.encodingfarm.science.Preprocessing;
import io.encodingfarm.science.Regressors;
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
 * One fit task, seed B's way: each word is an event (onset, duration = offset − onset) whose
 * amplitudes are its feature vector; events are convolved with the HRF at the run's frame times,
 * both sides trimmed and z-scored per run, then nested leave-one-run-out ridge gives per-voxel r.
 */
final class EncodingFit implements TaskHandler<FitTask> {
    private static final Logger LOG = LoggerFactory.getLogger(EncodingFit.class);
    private final FarmContext context;
    private final Path workDir;

    EncodingFit(FarmContext context) {
        this.context = context;
        this.workDir = Path.of(context.config().get(ConfigKey.WORK_DIR));
    }

    @Override
    public void handle(FitTask task, ArtifactWriter out) throws Exception {
        FitSettings settings = task.fit();
        HrfModel hrf = validate(settings);
        ArtifactStore store = context.store();
        String datasetPrefix = StoreKeys.dataset(task.dataset());
        String subject = StoreKeys.segment("subject", task.subject());
        String responses = "responses/" + subject + "/";
        Path local = store.mirror(datasetPrefix, workDir.resolve(datasetPrefix), key -> key.equals(DatasetDirectory.META)
                || key.startsWith("words/") || key.startsWith(responses));
        DatasetDirectory dataset = BadInputException.reading(datasetPrefix + DatasetDirectory.META,
                () -> DatasetDirectory.open(local));
        DatasetMeta meta = dataset.meta();
        if (!meta.subjects().contains(subject)) {
            throw new BadInputException(datasetPrefix + DatasetDirectory.META, "has no subject '" + subject + "' (it has "
                    + meta.subjects() + ")");
        }
        String featuresPrefix = "features/" + StoreKeys.segment("features", task.features()) + "/";
        String layer = StoreKeys.segment("layer", task.layer());
        Path features = store.mirror(featuresPrefix, workDir.resolve(featuresPrefix), key -> key.startsWith(layer + "/"));

        long start = System.nanoTime();
        List<float[][]> xRuns = new ArrayList<>();
        List<float[][]> yRuns = new ArrayList<>();
        int featureWidth = -1;
        for (DatasetMeta.Run run : meta.runs()) {
            String wordsKey = datasetPrefix + DatasetDirectory.wordsPath(run.id());
            WordTable words = BadInputException.reading(wordsKey, () -> dataset.words(run.id()));
            requireTimed(wordsKey, words);
            String featuresKey = featuresPrefix + layer + "/" + run.id() + ".npy";
            float[][] wordFeatures = BadInputException.requireFinite(featuresKey, BadInputException.reading(featuresKey,
                    () -> Npy.read(Files.readAllBytes(features.resolve(layer + "/" + run.id() + ".npy"))).toFloatMatrix()));
            if (wordFeatures.length != words.size()) {
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
            double[][] regressors = Regressors.compute(words.onsets(), words.durations(), wordFeatures,
                    frameTimes(run.nTrs(), meta.tr()), hrf, settings.oversampling(), Regressors.DEFAULT_MIN_ONSET);
            xRuns.add(Preprocessing.trimAndZscore(regressors, settings.trim(), settings.trim()));
            String responsesKey = datasetPrefix + DatasetDirectory.responsesPath(subject, run.id());
            float[][] y = BadInputException.requireFinite(responsesKey,
                    BadInputException.reading(responsesKey, () -> dataset.responses(subject, run.id())));
            if (y.length != run.nTrs() || (y.length > 0 && y[0].length != meta.nVoxels())) {
                throw new BadInputException(responsesKey, "has shape " + y.length + " x " + (y.length > 0 ? y[0].length : 0)
                        + ", dataset.json promises " + run.nTrs() + " scans x " + meta.nVoxels() + " voxels");
            }
            yRuns.add(Preprocessing.zscore(Arrays.copyOfRange(y, settings.trim(), y.length - settings.trim())));
        }
        if (xRuns.size() < 3) {
            throw new BadInputException(datasetPrefix + DatasetDirectory.META, "has " + xRuns.size()
                    + " runs; nested leave-one-run-out needs at least 3 (test, validation, training)");
        }
        double[] alphas = settings.alphas().stream().mapToDouble(Double::doubleValue).toArray();
        LoroResult result = NestedLoro.fit(xRuns, yRuns, alphas);
        long millis = (System.nanoTime() - start) / 1_000_000;

        Map<String, Object> summary = new TreeMap<>();
        summary.put("schema_version", SchemaVersion.CURRENT);
        summary.put("task", task);
        summary.put("n_voxels", result.scores().length);
        summary.put("n_features", xRuns.get(0)[0].length);
        summary.put("mean_score", mean(result.scores()));
        summary.put("fit_millis", millis);
        out.put("scores.npy", Npy.toBytes(NpyArray.ofFloats(result.scores(), result.scores().length)))
                .put("alphas.npy", Npy.toBytes(NpyArray.ofDoubles(result.chosenAlphas(), result.chosenAlphas().length)))
                .put("fold_scores.npy", Npy.toBytes(NpyArray.ofMatrix(result.foldScores())))
                .putJson("meta.json", summary);
        context.metrics().voxelsFitted(result.scores().length);
        LOG.info("fit {} ({} {} {}): mean r {} in {} ms", task.id(), task.label(), task.layer(), subject,
                String.format(Locale.ROOT, "%.4f", mean(result.scores())), millis);
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

    private static HrfModel validate(FitSettings settings) {
        if (!"loro".equals(settings.method())) {
            throw new BadInputException("fit.method", "'" + settings.method() + "' is not supported (allowed: loro)");
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
        return HrfModel.valueOf(settings.hrf().toUpperCase(Locale.ROOT));
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
