package io.encodingfarm.core.runtime;

import io.encodingfarm.schema.TaskType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The farm's meter names, in one place so that dashboards and code agree. Tags are low-cardinality
 * only (service, task type, outcome) — never task ids.
 */
public final class FarmMetrics {
    public static final String TASKS_CONSUMED = "farm.tasks.consumed";
    public static final String TASKS_COMPLETED = "farm.tasks.completed";
    public static final String TASK_DURATION = "farm.task.duration";
    public static final String TASKS_IN_FLIGHT = "farm.tasks.inflight";
    public static final String STORE_BYTES_WRITTEN = "farm.store.bytes.written";
    public static final String STORE_BYTES_READ = "farm.store.bytes.read";
    /** Records a consumer group has yet to read on a topic (tags topic, group); see {@link ConsumerLagMonitor}. */
    public static final String QUEUE_LAG = "farm.queue.lag";
    /** Records a topic holds (tag topic); for the dead-letter topic, its depth. */
    public static final String TOPIC_RECORDS = "farm.topic.records";
    public static final String QUEUE_LAG_FAILURES = "farm.queue.lag.failures";
    /** Words run through an extractor by tasks that ran (rate: extraction words/s). */
    public static final String EXTRACTION_WORDS = "farm.extraction.words";
    /** Voxels fitted by tasks that ran (rate: fit voxels/s). */
    public static final String FIT_VOXELS = "farm.fit.voxels";

    private final PrometheusMeterRegistry registry;
    private final Counter bytesWritten;
    private final Counter bytesRead;
    private final AtomicInteger inFlight = new AtomicInteger();

    public FarmMetrics(String service) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("service", service);
        bytesWritten = Counter.builder(STORE_BYTES_WRITTEN).baseUnit("bytes").description("Bytes written to the object store")
                .register(registry);
        bytesRead = Counter.builder(STORE_BYTES_READ).baseUnit("bytes").description("Bytes read from the object store")
                .register(registry);
        registry.gauge(TASKS_IN_FLIGHT, inFlight);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    public void bytesWritten(long n) {
        bytesWritten.increment(n);
    }

    public void bytesRead(long n) {
        bytesRead.increment(n);
    }

    public void wordsExtracted(long n) {
        Counter.builder(EXTRACTION_WORDS).baseUnit("words").description("Words run through an extractor").register(registry)
                .increment(n);
    }

    public void voxelsFitted(long n) {
        Counter.builder(FIT_VOXELS).baseUnit("voxels").description("Voxels fitted").register(registry).increment(n);
    }

    public void taskConsumed(TaskType type) {
        Counter.builder(TASKS_CONSUMED).tag("type", tag(type)).description("Task records consumed").register(registry)
                .increment();
    }

    public void taskStarted() {
        inFlight.incrementAndGet();
    }

    /** Records the end of a task that ran (or was skipped) with its outcome. */
    public void taskFinished(TaskType type, String outcome, Duration took, boolean ran) {
        if (ran) inFlight.decrementAndGet();
        Counter.builder(TASKS_COMPLETED).tag("type", tag(type)).tag("outcome", outcome)
                .description("Tasks finished by outcome").register(registry).increment();
        Timer.builder(TASK_DURATION).tag("type", tag(type)).tag("outcome", outcome).publishPercentileHistogram()
                .description("Task run time").register(registry).record(took);
    }

    private static String tag(TaskType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
