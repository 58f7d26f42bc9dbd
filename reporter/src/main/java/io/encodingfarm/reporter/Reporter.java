package io.encodingfarm.reporter;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.core.runtime.RunningService;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SweepManifest;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting service: follows the events topic, keeps each sweep's progress, and rebuilds a sweep's
 * report when one of its fits finishes — at once when all planned fits are in, otherwise as a partial
 * report at most every {@link #PARTIAL_REBUILD_INTERVAL}. Offsets are committed after the reports of a
 * batch are written. Serves the REST API and live pages of {@link ReportApi} on its HTTP endpoint.
 */
public final class Reporter implements AutoCloseable {
    public static final String SERVICE = "reporter";
    static final Duration PARTIAL_REBUILD_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final FarmContext context;
    private final ReportBuilder builder;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean healthy = true;
    private final SweepProgress progress = new SweepProgress();
    /** Sweeps with finished fits not yet in a report, and when each sweep's report was last built. */
    private final Set<String> pending = new LinkedHashSet<>();
    private final Map<String, Instant> lastBuilt = new HashMap<>();
    private final Map<String, Instant> lastFailed = new HashMap<>();

    private Reporter(FarmContext context) {
        this.context = context;
        this.builder = new ReportBuilder(context);
        this.thread = new Thread(this::loop, "reporter-events");
    }

    public static RunningService start(FarmConfig config) {
        return start(config, config.get(ConfigKey.REPORTER_TOKEN));
    }

    /** @param token bearer token the API requires; null or blank for none */
    public static RunningService start(FarmConfig config, String token) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        Reporter reporter = new Reporter(context);
        reporter.thread.start();
        RunningService service = new RunningService(context, () -> reporter.healthy && reporter.thread.isAlive(),
                List.of(reporter));
        new ReportApi(context, reporter.progress, token).install(service.endpoint());
        return service;
    }

    public static void main(String[] args) throws InterruptedException {
        start(FarmConfig.fromEnvironment()).awaitShutdown();
    }

    private void loop() {
        Properties props = context.config().kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "farm-reporter");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
            consumer = c;
            c.subscribe(List.of(context.config().get(ConfigKey.TOPIC_EVENTS)));
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    try {
                        TaskEvent event = Json.fromBytes(record.value(), TaskEvent.class);
                        progress.accept(event);
                        if (event.taskType() == TaskType.FIT && event.status().isDone() && event.sweep() != null) {
                            pending.add(event.sweep());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable event at offset {}: {}", record.offset(), e.getMessage());
                    }
                }
                pending.removeIf(this::reportIfDue);
                try {
                    c.commitSync();
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) throw e;
                    // A broker outage: the consumer reconnects; at worst events are re-read and reports rebuilt.
                    LOG.warn("reporter: cannot commit event offsets yet: {}", e.toString());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("reporter stopped: {}", e.toString(), e);
        }
    }

    /** Builds the sweep's report if it is complete or its last partial one is old enough; true when done with it. */
    private boolean reportIfDue(String sweep) {
        try {
            if (!context.store().exists(StoreKeys.sweep(sweep) + "manifest.json")) return true;
            SweepManifest manifest = builder.manifest(sweep);
            boolean complete = builder.isComplete(manifest);
            Instant last = lastBuilt.get(sweep);
            if (!complete && last != null && last.plus(PARTIAL_REBUILD_INTERVAL).isAfter(Instant.now())) return false;
            Instant failed = lastFailed.get(sweep);
            if (failed != null && failed.plus(PARTIAL_REBUILD_INTERVAL).isAfter(Instant.now())) return false;
            SweepReport report = builder.build(sweep);
            lastBuilt.put(sweep, Instant.now());
            lastFailed.remove(sweep);
            LOG.info("{} report for sweep {} written to {} ({} of {} fits): best feature set {}",
                    report.complete() ? "complete" : "partial", sweep, StoreKeys.report(sweep), report.fitsDone(),
                    report.fitsPlanned(), report.best());
        } catch (Exception e) {
            // Keep the sweep pending (the store may be down): retried after the rebuild interval.
            lastFailed.put(sweep, Instant.now());
            LOG.error("cannot build the report of sweep {} yet: {}", sweep, e.toString(), e);
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        running.set(false);
        if (consumer != null) consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
