package io.encodingfarm.core.runtime;

import io.encodingfarm.core.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started service: its parts (consumers, servers) plus the health/metrics endpoint. Closing stops
 * the parts in reverse order of start, then the context.
 */
public final class RunningService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningService.class);
    private final FarmContext context;
    private final ServiceEndpoint endpoint;
    private final List<AutoCloseable> parts;

    public RunningService(FarmContext context, BooleanSupplier ready, List<AutoCloseable> parts) {
        this.context = context;
        this.parts = new ArrayList<>(parts);
        try {
            this.endpoint = new ServiceEndpoint(context.service(), context.config().get(ConfigKey.HTTP_HOST),
                    context.config().getInt(ConfigKey.HTTP_PORT), context.metrics(), ready);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the health/metrics endpoint of " + context.service() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("{} up; health and metrics on http://{}:{}/q/health, /q/metrics", context.service(),
                context.config().get(ConfigKey.HTTP_HOST), endpoint.port());
    }

    public String name() {
        return context.service();
    }

    public int httpPort() {
        return endpoint.port();
    }

    public ServiceEndpoint endpoint() {
        return endpoint;
    }

    public FarmContext context() {
        return context;
    }

    /** Blocks until the JVM is asked to stop (SIGTERM), then closes gracefully. */
    public void awaitShutdown() throws InterruptedException {
        Thread waiter = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            waiter.interrupt();
        }));
        try {
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            // the shutdown hook closed us
        }
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                LOG.warn("error stopping a part of {}: {}", context.service(), e.toString());
            }
        }
        parts.clear();
        endpoint.close();
        context.close();
    }
}
