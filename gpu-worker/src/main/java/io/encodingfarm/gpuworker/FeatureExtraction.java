package io.encodingfarm.gpuworker;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.messaging.BadInputException;
import io.encodingfarm.core.messaging.TaskHandler;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.ArtifactWriter;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.datasets.DatasetDirectory;
import io.encodingfarm.formats.Npy;
import io.encodingfarm.formats.NpyArray;
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.FeatureExtractor;
import io.encodingfarm.models.ModelInfo;
import io.encodingfarm.models.RunWords;
import io.encodingfarm.models.speech.AudioFeatureExtractor;
import io.encodingfarm.models.speech.AudioFeatures;
import io.encodingfarm.models.speech.Resampler;
import io.encodingfarm.models.speech.Wav;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import io.encodingfarm.schema.TaskType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One extraction task: every run's words through one extractor, every layer saved as
 * {@code features/<id>/<layer>/<run>.npy}, committed, then one fit task per layer and subject.
 */
final class FeatureExtraction implements TaskHandler<ExtractionTask> {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureExtraction.class);
    private final FarmContext context;
    private final Path workDir;

    FeatureExtraction(FarmContext context) {
        this.context = context;
        this.workDir = Path.of(context.config().get(ConfigKey.WORK_DIR));
    }

    @Override
    public void handle(ExtractionTask task, ArtifactWriter out) throws Exception {
        ArtifactStore store = context.store();
        String datasetPrefix = StoreKeys.dataset(task.dataset());
        boolean audio = task.extractor().containsKey("speech_model");
        Path local = store.mirror(datasetPrefix, workDir.resolve(datasetPrefix), key -> key.equals(DatasetDirectory.META)
                || key.startsWith("words/") || audio && key.startsWith("audio/"));
        DatasetDirectory dataset = BadInputException.reading(datasetPrefix + DatasetDirectory.META,
                () -> DatasetDirectory.open(local));
        Map<String, Object> summary = new TreeMap<>();
        summary.put("schema_version", SchemaVersion.CURRENT);
        summary.put("task", task.id());
        summary.put("label", task.label());
        summary.put("dataset", task.dataset());
        summary.put("extractor", task.extractor());
        if (audio) {
            extractAudio(task, dataset, datasetPrefix, out, summary);
        } else {
            extractWords(task, dataset, datasetPrefix, out, summary);
        }
        out.putJson("meta.json", summary);
    }

    private void extractWords(ExtractionTask task, DatasetDirectory dataset, String datasetPrefix, ArtifactWriter out,
                              Map<String, Object> summary) throws Exception {
        Map<String, Integer> wordsPerRun = new LinkedHashMap<>();
        Map<String, Object> spec = resolveCheckpoint(task.extractor());
        String source = spec.containsKey("model") ? StoreKeys.model(task.extractor().get("model").toString()) : "extractor "
                + task.extractor();
        try (FeatureExtractor extractor = BadInputException.reading(source, () -> Extractors.open(spec))) {
            List<String> layers = checkedLayers(task, extractor.layerNames());
            for (String run : dataset.meta().runIds()) {
                String wordsKey = datasetPrefix + DatasetDirectory.wordsPath(run);
                List<String> words = BadInputException.reading(wordsKey, () -> dataset.words(run)).words();
                long start = System.nanoTime();
                float[][][] features = BadInputException.reading(source + " on " + wordsKey,
                        () -> extractor.extract(new RunWords(run, words)));
                for (int layer = 0; layer < layers.size(); layer++) {
                    out.put(layers.get(layer) + "/" + run + ".npy", Npy.toBytes(NpyArray.ofMatrix(features[layer])));
                }
                wordsPerRun.put(run, words.size());
                LOG.info("{} {}: run {} ({} words) in {} ms", task.label(), task.id(), run, words.size(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            summary.put("layers", layers);
            summary.put("words_per_run", wordsPerRun);
            if (spec.containsKey("model")) {
                ModelInfo info = BadInputException.reading(source, () -> Extractors.describe(checkpointDir(spec)));
                summary.put("family", info.family());
                summary.put("parameter_count", info.parameterCount());
                summary.put("hidden_size", info.hiddenSize());
            }
        }
        context.metrics().wordsExtracted(wordsPerRun.values().stream().mapToLong(Integer::longValue).sum());
    }

    /**
     * Seed A's speech features: each run's {@code audio/<run>.wav} through causal sliding windows; every
     * layer saved per window, with {@code times/<run>.npy} (windows × {start, end} s) beside them — the fit
     * resamples features from the window ends to the TR times.
     */
    private void extractAudio(ExtractionTask task, DatasetDirectory dataset, String datasetPrefix, ArtifactWriter out,
                              Map<String, Object> summary) throws Exception {
        String prefix = StoreKeys.model(task.extractor().get("speech_model").toString());
        Path checkpoint = context.store().mirror(prefix, workDir.resolve(prefix), key -> true);
        Map<String, Integer> windowsPerRun = new LinkedHashMap<>();
        try (AudioFeatureExtractor extractor = BadInputException.reading(prefix,
                () -> Extractors.openAudio(Map.of("model", checkpoint.toString())))) {
            List<String> layers = checkedLayers(task, extractor.layerNames());
            for (String run : dataset.meta().runIds()) {
                String audioKey = datasetPrefix + "audio/" + run + ".wav";
                float[] samples = BadInputException.reading(audioKey,
                        () -> Resampler.toWhisperRate(Wav.read(dataset.root().resolve("audio/" + run + ".wav"))));
                long start = System.nanoTime();
                AudioFeatures features = BadInputException.reading(prefix + " on " + audioKey, () -> extractor.extract(samples));
                for (int layer = 0; layer < layers.size(); layer++) {
                    out.put(layers.get(layer) + "/" + run + ".npy", Npy.toBytes(NpyArray.ofMatrix(features.features()[layer])));
                }
                out.put("times/" + run + ".npy", Npy.toBytes(NpyArray.ofMatrix(features.times())));
                windowsPerRun.put(run, features.times().length);
                LOG.info("{} {}: run {} ({} windows) in {} ms", task.label(), task.id(), run, features.times().length,
                        (System.nanoTime() - start) / 1_000_000);
            }
            summary.put("layers", layers);
            summary.put("windows_per_run", windowsPerRun);
            summary.put("family", "whisper");
        }
    }

    private static List<String> checkedLayers(ExtractionTask task, List<String> layers) {
        for (String layer : layers) StoreKeys.segment("layer", layer);
        if (!layers.containsAll(task.fitLayers())) {
            throw new IllegalArgumentException("extractor " + task.label() + " produces layers " + layers
                    + " but the sweep asks to fit " + task.fitLayers());
        }
        return layers;
    }

    /** Posts the fits the committed features enable (again on redelivery: fits already done are skipped). */
    @Override
    public void afterCommit(ExtractionTask task) {
        postFits(task);
    }

    /** A model named by store name is mirrored into the work directory; a local path is used as is. */
    private Map<String, Object> resolveCheckpoint(Map<String, Object> spec) {
        Object model = spec.get("model");
        if (model == null || spec.containsKey("baseline") || Files.isDirectory(Path.of(model.toString()))) return spec;
        String prefix = StoreKeys.model(model.toString());
        Path local = context.store().mirror(prefix, workDir.resolve(prefix), key -> true);
        Map<String, Object> resolved = new TreeMap<>(spec);
        resolved.put("model", local.toString());
        return resolved;
    }

    private static Path checkpointDir(Map<String, Object> spec) {
        Path dir = Path.of(spec.get("model").toString());
        return spec.containsKey("revision") ? dir.resolve(spec.get("revision").toString()) : dir;
    }

    private void postFits(ExtractionTask task) {
        for (String layer : task.fitLayers()) {
            for (String subject : task.subjects()) {
                FitTask fit = task.fitTask(layer, subject);
                if (context.store().isCommitted(fit.artifactPrefix())) continue;
                context.bus().post(fit);
                context.bus().publish(TaskEvent.of(fit.id(), TaskType.FIT, fit.sweep(), TaskStatus.QUEUED,
                        context.config().workerId()));
            }
        }
    }
}
