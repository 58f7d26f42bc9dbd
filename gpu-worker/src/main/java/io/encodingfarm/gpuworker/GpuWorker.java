package io.encodingfarm.gpuworker;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskKind;
import io.encodingfarm.core.messaging.TaskWorker;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import java.util.List;

/** The extraction service: consumes extraction tasks, commits features, posts the fits they enable. */
public final class GpuWorker {
    public static final String SERVICE = "gpu-worker";

    private GpuWorker() {
    }

    public static RunningService start(FarmConfig config) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        FeatureExtraction extraction = new FeatureExtraction(context);
        TaskWorker<?> worker = new TaskWorker<>(config, TaskKind.EXTRACTION, context.store(), context.bus(),
                context.metrics(), extraction);
        ConsumerLagMonitor lag = ConsumerLagMonitor.ofWorker(config, TaskKind.EXTRACTION, context.metrics().registry());
        worker.start();
        return new RunningService(context, worker::isHealthy, List.of(lag, worker));
    }

    public static void main(String[] args) throws InterruptedException {
        start(FarmConfig.fromEnvironment()).awaitShutdown();
    }
}
