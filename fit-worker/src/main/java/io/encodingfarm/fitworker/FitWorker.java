package io.encodingfarm.fitworker;

import com.fasterxml.jackson.databind.JsonNode;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskKind;
import io.encodingfarm.core.messaging.TaskWorker;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.schema.FitTask;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fit service: consumes fit tasks, commits per-voxel scores. */
public final class FitWorker {
    public static final String SERVICE = "fit-worker";
    private static final Logger LOG = LoggerFactory.getLogger(FitWorker.class);

    private FitWorker() {
    }

    public static RunningService start(FarmConfig config) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        EncodingFit fit = new EncodingFit(context);
        TaskWorker<?> worker = new TaskWorker<>(config, TaskKind.FIT, context.store(), context.bus(), context.metrics(),
                task -> {
                    fit.run(task);
                    countVoxels(context, task);
                });
        ConsumerLagMonitor lag = ConsumerLagMonitor.ofWorker(config, TaskKind.FIT, context.metrics().registry());
        worker.start();
        return new RunningService(context, worker::isHealthy, List.of(lag, worker));
    }

    /**
     * Voxels/s comes from the committed artifact's own record of what it fitted. The artifact is
     * committed by now, so a failure here must not fail (and rerun) the task.
     */
    private static void countVoxels(FarmContext context, FitTask task) {
        try {
            context.metrics().voxelsFitted(context.store().getJson(task.artifactPrefix() + "meta.json", JsonNode.class)
                    .path("n_voxels").asLong());
        } catch (RuntimeException e) {
            LOG.warn("fit {} committed but its voxel count is unreadable: {}", task.id(), e.toString());
        }
    }

    public static void main(String[] args) throws InterruptedException {
        start(FarmConfig.fromEnvironment()).awaitShutdown();
    }
}
