package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmMetrics;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.schema.DeadLetter;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.SchemaVersion;
import io.encodingfarm.schema.TaskEvent;
import io.encodingfarm.schema.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one kind of task, one at a time, with at-least-once delivery and exactly-once results:
 * the offset is committed only after the handler has committed the task's artifact, and a task
 * whose artifact is already committed is skipped. While a task runs, the partitions are paused and
 * the consumer keeps polling, so a task of any length keeps its group membership alive.
 */
public final class TaskWorker<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final FarmConfig config;
    private final TaskKind<T> kind;
    private final ArtifactStore store;
    private final TaskBus bus;
    private final FarmMetrics metrics;
    private final TaskHandler<T> handler;
    private final String workerId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService executor;
    private final Thread pollThread;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean busy;
    private volatile boolean healthy = true;

    public TaskWorker(FarmConfig config, TaskKind<T> kind, ArtifactStore store, TaskBus bus, FarmMetrics metrics,
                      TaskHandler<T> handler) {
        this.config = config;
        this.kind = kind;
        this.store = store;
        this.bus = bus;
        this.metrics = metrics;
        this.handler = handler;
        this.workerId = config.workerId();
        String name = kind.consumerGroup() + "-" + workerId;
        this.executor = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-task"));
        this.pollThread = new Thread(this::pollLoop, name + "-poll");
    }

    public void start() {
        pollThread.start();
    }

    public boolean isHealthy() {
        return healthy && pollThread.isAlive();
    }

    private KafkaConsumer<String, byte[]> createConsumer() {
        Properties props = config.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, kind.consumerGroup());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, kind.consumerGroup() + "-" + workerId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private void pollLoop() {
        try (KafkaConsumer<String, byte[]> c = createConsumer()) {
            consumer = c;
            c.subscribe(List.of(config.get(kind.topic())), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (busy) c.pause(partitions);
                }
            });
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                    runWhilePolling(c, record);
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer to stop.
        } catch (RuntimeException e) {
            healthy = false;
            LOG.error("{} worker stopped: {}", kind.type(), e.toString(), e);
        }
    }

    private void runWhilePolling(KafkaConsumer<String, byte[]> c, ConsumerRecord<String, byte[]> record) {
        busy = true;
        c.pause(c.assignment());
        Future<?> work = executor.submit(() -> process(record));
        try {
            while (!work.isDone()) {
                c.poll(POLL);
            }
            work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.error("unexpected failure processing {}: {}", record.key(), e.getCause().toString(), e.getCause());
        } finally {
            busy = false;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        try {
            if (c.assignment().contains(partition)) {
                c.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
            }
        } catch (CommitFailedException e) {
            // The partition moved to another worker mid-task; it will see the committed artifact and skip.
            LOG.warn("offset commit for {} lost to a rebalance: {}", record.key(), e.getMessage());
        }
        c.resume(c.paused());
    }

    private void process(ConsumerRecord<String, byte[]> record) {
        T task;
        try {
            task = Json.fromBytes(record.value(), kind.recordType());
            SchemaVersion.requireSupported(schemaVersionOf(record.value()), kind.recordType().getSimpleName());
        } catch (RuntimeException e) {
            deadLetterUnreadable(record, e);
            return;
        }
        metrics.taskConsumed(kind.type());
        String id = kind.id().apply(task);
        String sweep = kind.sweep().apply(task);
        Instant start = Instant.now();
        if (store.isCommitted(kind.artifactPrefix().apply(task))) {
            bus.publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.SKIPPED, workerId));
            metrics.taskFinished(kind.type(), "skipped", Duration.ZERO, false);
            return;
        }
        int maxAttempts = Math.max(1, config.getInt(ConfigKey.TASK_MAX_ATTEMPTS));
        long backoff = config.getInt(ConfigKey.TASK_RETRY_BACKOFF_MS);
        Exception last = null;
        for (int attempt = 1; attempt <= maxAttempts && running.get(); attempt++) {
            bus.publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.STARTED, workerId).withAttempt(attempt));
            metrics.taskStarted();
            Instant attemptStart = Instant.now();
            try {
                handler.handle(task);
                long millis = Duration.between(attemptStart, Instant.now()).toMillis();
                bus.publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.SUCCEEDED, workerId)
                        .withDuration(millis).withAttempt(attempt));
                metrics.taskFinished(kind.type(), "succeeded", Duration.ofMillis(millis), true);
                return;
            } catch (Exception e) {
                last = e;
                metrics.taskFinished(kind.type(), "failed", Duration.between(attemptStart, Instant.now()), true);
                LOG.warn("{} {} failed (attempt {}/{}): {}", kind.type(), id, attempt, maxAttempts, e.toString());
                bus.publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.FAILED, workerId)
                        .withReason(reason(e)).withAttempt(attempt));
                if (attempt < maxAttempts) sleep(backoff << (attempt - 1));
            }
        }
        if (last == null) return; // stopping: the task stays uncommitted and is redelivered
        bus.deadLetter(new DeadLetter(SchemaVersion.CURRENT, id, kind.type(), sweep, reason(last), stack(last), maxAttempts,
                Instant.now().toString(), new String(record.value(), StandardCharsets.UTF_8)));
        bus.publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.DEAD_LETTERED, workerId).withReason(reason(last))
                .withDuration(Duration.between(start, Instant.now()).toMillis()).withAttempt(maxAttempts));
        metrics.taskFinished(kind.type(), "dead_lettered", Duration.between(start, Instant.now()), false);
    }

    private void deadLetterUnreadable(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String id = record.key() == null ? "unknown" : record.key();
        LOG.error("unreadable {} record at {}-{}@{}: {}", kind.type(), record.topic(), record.partition(), record.offset(),
                e.getMessage());
        bus.deadLetter(new DeadLetter(SchemaVersion.CURRENT, id, kind.type(), null, "unreadable record: " + e.getMessage(),
                stack(e), 1, Instant.now().toString(), new String(record.value(), StandardCharsets.UTF_8)));
        metrics.taskFinished(kind.type(), "dead_lettered", Duration.ZERO, false);
    }

    private static int schemaVersionOf(byte[] json) {
        try {
            return Json.MAPPER.readTree(json).path("schema_version").asInt(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String stack(Throwable e) {
        return Arrays.stream(e.getStackTrace()).limit(8).map(StackTraceElement::toString)
                .collect(Collectors.joining("\n  at ", reason(e) + "\n  at ", ""));
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after the task in hand (it is left uncommitted, so it is redelivered, if it cannot finish). */
    @Override
    public void close() {
        running.set(false);
        try {
            pollThread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive() && consumer != null) consumer.wakeup();
        executor.shutdownNow();
    }
}
