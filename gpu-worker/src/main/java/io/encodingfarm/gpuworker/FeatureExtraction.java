package io.encodingfarm.gpuworker;

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
import io.encodingfarm.models.Extractors;
import io.encodingfarm.models.FeatureExtractor;
import io.encodingfarm.models.ModelInfo;
import io.encodingfarm.models.RunWords;
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
        Path local = store.mirror(datasetPrefix, workDir.resolve(datasetPrefix),
                key -> key.equals(DatasetDirectory.META) || key.startsWith("words/"));
        DatasetDirectory dataset = BadInputException.reading(datasetPrefix + DatasetDirectory.META,
                () -> DatasetDirectory.open(local));
        DatasetMeta meta = dataset.meta();
        List<String> layers;
        Map<String, Integer> wordsPerRun = new LinkedHashMap<>();
        Map<String, Object> spec = resolveCheckpoint(task.extractor());
        String source = spec.containsKey("model") ? StoreKeys.model(task.extractor().get("model").toString()) : "extractor "
                + task.extractor();
        try (FeatureExtractor extractor = BadInputException.reading(source, () -> Extractors.open(spec))) {
            layers = extractor.layerNames();
            for (String layer : layers) StoreKeys.segment("layer", layer);
            if (!layers.containsAll(task.fitLayers())) {
                throw new IllegalArgumentException("extractor " + task.label() + " produces layers " + layers
                        + " but the sweep asks to fit " + task.fitLayers());
            }
            for (String run : meta.runIds()) {
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
            Map<String, Object> summary = new TreeMap<>();
            summary.put("schema_version", SchemaVersion.CURRENT);
            summary.put("task", task.id());
            summary.put("label", task.label());
            summary.put("dataset", task.dataset());
            summary.put("extractor", task.extractor());
            summary.put("layers", layers);
            summary.put("words_per_run", wordsPerRun);
            if (spec.containsKey("model")) {
                ModelInfo info = BadInputException.reading(source, () -> Extractors.describe(checkpointDir(spec)));
                summary.put("family", info.family());
                summary.put("parameter_count", info.parameterCount());
                summary.put("hidden_size", info.hiddenSize());
            }
            out.putJson("meta.json", summary);
        }
        context.metrics().wordsExtracted(wordsPerRun.values().stream().mapToLong(Integer::longValue).sum());
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
