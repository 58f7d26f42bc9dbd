package io.encodingfarm.core.runtime;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A small always-on service exporting the lag of every consumer group and the dead-letter depth.
 * Workers scaled to zero (KEDA) export nothing, so lag alerts and dashboards need a source that
 * stays up; it needs only Kafka (no object-store credentials).
 * Run: {@code java -cp '/app/lib/*' io.encodingfarm.core.runtime.LagExporter}.
 */
public final class LagExporter implements AutoCloseable {
    public static final String SERVICE = "lag-exporter";
    private final FarmMetrics metrics;
    private final ConsumerLagMonitor monitor;
    private final ServiceEndpoint endpoint;

    private LagExporter(FarmConfig config, Duration every) throws IOException {
        metrics = new FarmMetrics(SERVICE);
        monitor = ConsumerLagMonitor.wholeFarm(config, metrics.registry(), every);
        endpoint = new ServiceEndpoint(SERVICE, config.get(ConfigKey.HTTP_HOST), config.getInt(ConfigKey.HTTP_PORT), metrics,
                () -> true);
    }

    public static LagExporter start(FarmConfig config, Duration every) {
        try {
            return new LagExporter(config, every);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open the metrics endpoint of " + SERVICE + " on "
                    + config.get(ConfigKey.HTTP_HOST) + ":" + config.get(ConfigKey.HTTP_PORT) + ": " + e.getMessage(), e);
        }
    }

    public int httpPort() {
        return endpoint.port();
    }

    public ConsumerLagMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        endpoint.close();
        monitor.close();
    }

    public static void main(String[] args) throws InterruptedException {
        LagExporter exporter = start(FarmConfig.fromEnvironment(), ConsumerLagMonitor.DEFAULT_INTERVAL);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exporter.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
