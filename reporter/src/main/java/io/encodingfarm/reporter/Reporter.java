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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reporting service: follows the events topic and rebuilds a sweep's report when one of its fits
 * finishes and all planned fits are in. Offsets are committed after the reports of a batch are written.
 */
public final class Reporter implements AutoCloseable {
    public static final String SERVICE = "reporter";
    private static final Logger LOG = LoggerFactory.getLogger(Reporter.class);

    private final FarmContext context;
    private final ReportBuilder builder;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean healthy = true;

    private Reporter(FarmContext context) {
        this.context = context;
        this.builder = new ReportBuilder(context);
        this.thread = new Thread(this::loop, "reporter-events");
    }

    public static RunningService start(FarmConfig config) {
        FarmContext context = FarmContext.connect(SERVICE, config);
        Reporter reporter = new Reporter(context);
        reporter.thread.start();
        return new RunningService(context, () -> reporter.healthy && reporter.thread.isAlive(), List.of(reporter));
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
                Set<String> touched = new LinkedHashSet<>();
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(500))) {
                    try {
                        TaskEvent event = Json.fromBytes(record.value(), TaskEvent.class);
                        if (event.taskType() == TaskType.FIT && event.status().isDone() && event.sweep() != null) {
                            touched.add(event.sweep());
                        }
                    } catch (RuntimeException e) {
                        LOG.warn("skipping unreadable event at offset {}: {}", record.offset(), e.getMessage());
                    }
                }
                for (String sweep : touched) reportIfComplete(sweep);
                c.commitSync();
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("reporter stopped: {}", e.toString(), e);
        }
    }

    private void reportIfComplete(String sweep) {
        try {
            if (!context.store().exists(StoreKeys.sweep(sweep) + "manifest.json")) return;
            SweepManifest manifest = builder.manifest(sweep);
            if (!builder.isComplete(manifest)) return;
            SweepReport report = builder.build(sweep);
            LOG.info("report for sweep {} written to {}: best feature set {}", sweep, StoreKeys.report(sweep), report.best());
        } catch (Exception e) {
            LOG.error("cannot build the report of sweep {}: {}", sweep, e.toString(), e);
        }
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
