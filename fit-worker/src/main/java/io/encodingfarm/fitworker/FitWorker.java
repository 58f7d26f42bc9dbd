package io.encodingfarm.fitworker;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskKind;
import io.encodingfarm.core.messaging.TaskWorker;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import java.util.List;

/** The fit service: consumes fit tasks, commits per-voxel scores. */
public final class FitWorker {
    public static final String SERVICE = "fit-worker";

    private FitWorker() {
    }

    public static RunningService start(FarmConfig config) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        EncodingFit fit = new EncodingFit(context);
        TaskWorker<?> worker = new TaskWorker<>(config, TaskKind.FIT, context.store(), context.bus(), context.metrics(),
                fit);
        ConsumerLagMonitor lag = ConsumerLagMonitor.ofWorker(config, TaskKind.FIT, context.metrics().registry());
        worker.start();
        return new RunningService(context, worker::isHealthy, List.of(lag, worker));
    }

    public static void main(String[] args) throws InterruptedException {
        start(FarmConfig.fromEnvironment()).awaitShutdown();
    }
}
