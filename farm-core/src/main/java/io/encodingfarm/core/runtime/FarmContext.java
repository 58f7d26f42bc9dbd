package io.encodingfarm.core.runtime;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskBus;
import io.encodingfarm.core.messaging.Topics;
import io.encodingfarm.core.store.ArtifactStore;

/**
 * What every service and CLI command holds: its settings, metrics, the store and a producer.
 * Connecting makes sure the bucket and topics exist, so any component can be started first.
 */
public final class FarmContext implements AutoCloseable {
    private final String service;
    private final FarmConfig config;
    private final FarmMetrics metrics;
    private final ArtifactStore store;
    private final TaskBus bus;

    private FarmContext(String service, FarmConfig config) {
        this.service = service;
        this.config = config;
        this.metrics = new FarmMetrics(service);
        this.store = new ArtifactStore(config, metrics);
        store.ensureBucket();
        Topics.ensure(config);
        this.bus = new TaskBus(config);
    }

    public static FarmContext connect(String service, FarmConfig config) {
        return new FarmContext(service, config);
    }

    public String service() {
        return service;
    }

    public FarmConfig config() {
        return config;
    }

    public FarmMetrics metrics() {
        return metrics;
    }

    public ArtifactStore store() {
        return store;
    }

    public TaskBus bus() {
        return bus;
    }

    @Override
    public void close() {
        bus.close();
    }
}
