package io.encodingfarm.gpuworker;

import com.fasterxml.jackson.databind.JsonNode;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskKind;
import io.encodingfarm.core.messaging.TaskWorker;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.schema.ExtractionTask;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The extraction service: consumes extraction tasks, commits features, posts the fits they enable. */
public final class GpuWorker {
    public static final String SERVICE = "gpu-worker";
    private static final Logger LOG = LoggerFactory.getLogger(GpuWorker.class);

    private GpuWorker() {
    }

    public static RunningService start(FarmConfig config) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        FeatureExtraction extraction = new FeatureExtraction(context);
        TaskWorker<?> worker = new TaskWorker<>(config, TaskKind.EXTRACTION, context.store(), context.bus(),
                context.metrics(), task -> {
                    extraction.run(task);
                    countWords(context, task);
                });
        ConsumerLagMonitor lag = ConsumerLagMonitor.ofWorker(config, TaskKind.EXTRACTION, context.metrics().registry());
        worker.start();
        return new RunningService(context, worker::isHealthy, List.of(lag, worker));
    }

    /**
     * Words/s comes from the committed artifact's own record of what it extracted. The artifact is
     * committed by now, so a failure here must not fail (and rerun) the task.
     */
    private static void countWords(FarmContext context, ExtractionTask task) {
        try {
            JsonNode meta = context.store().getJson(task.artifactPrefix() + "meta.json", JsonNode.class);
            long words = 0;
            for (JsonNode n : meta.path("words_per_run")) words += n.asLong();
            context.metrics().wordsExtracted(words);
        } catch (RuntimeException e) {
            LOG.warn("extraction {} committed but its word count is unreadable: {}", task.id(), e.toString());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        start(FarmConfig.fromEnvironment()).awaitShutdown();
    }
}
