package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmMetrics;
import io.encodingfarm.core.store.ArtifactStore;
import io.encodingfarm.core.store.ArtifactWriter;
import io.encodingfarm.core.store.StoreKeys;
import io.encodingfarm.core.store.TaskLease;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one kind of task, one at a time, with at-least-once delivery and exactly-once results.
 * <ul>
 *   <li>The offset is committed only after the task's artifact is committed (or the task is settled:
 *       skipped, cancelled, dead-lettered); a task interrupted any other way is redelivered.</li>
 *   <li>The worker commits the handler's artifact with the task's success event recorded in the
 *       marker; a task whose artifact is already committed is skipped, its success event re-sent
 *       under the same id. A task another live worker holds a lease on is waited for, not run twice.</li>
 *   <li>While a task runs its partitions are paused and the consumer keeps polling, so a task of any
 *       length keeps the group membership alive.</li>
 *   <li>Store or broker outages are retried with exponential backoff for
 *       {@code farm.task.transient.retry.ms}; failures of the task itself are retried
 *       {@code farm.task.max.attempts} times, then dead-lettered with reason and stack.</li>
 * </ul>
 */
public final class TaskWorker<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskWorker.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long MAX_TRANSIENT_DELAY_MS = 15_000;

    private final FarmConfig config;
    private final TaskKind<T> kind;
    private final ArtifactStore store;
    private final TaskBus bus;
    private final FarmMetrics metrics;
    private final TaskHandler<T> handler;
    private final String workerId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService executor;
    private final ScheduledExecutorService leaseRenewer;
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
        this.leaseRenewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-lease");
            t.setDaemon(true);
            return t;
        });
        this.pollThread = new Thread(this::pollLoop, name + "-poll");
    }

    public void start() {
        pollThread.start();
        leaseRenewer.execute(this::sweepLeases);
    }

    public boolean isHealthy() {
        return healthy && pollThread.isAlive();
    }

    private KafkaConsumer<String, byte[]> createConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, config.get(ConfigKey.CONSUMER_SESSION_TIMEOUT_MS));
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Integer.toString(Math.max(1000, config.getInt(ConfigKey.CONSUMER_SESSION_TIMEOUT_MS) / 5)));
        props.putAll(config.kafkaProperties());
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
                try {
                    for (ConsumerRecord<String, byte[]> record : c.poll(POLL)) {
                        runWhilePolling(c, record);
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) throw e;
                    // A broker outage surfaces here; the consumer reconnects by itself on the next poll.
                    LOG.warn("{} worker: Kafka trouble, retrying: {}", kind.type(), e.toString());
                    sleep(1000);
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
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        busy = true;
        c.pause(c.assignment());
        Future<Boolean> work = executor.submit(() -> process(record));
        boolean settled = false;
        try {
            while (!work.isDone()) {
                try {
                    c.poll(POLL);
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) throw e;
                    LOG.warn("{} worker: Kafka trouble while a task runs: {}", kind.type(), e.toString());
                    sleep(500);
                }
            }
            settled = work.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("unexpected failure processing {}: {}", record.key(), e.getCause().toString(), e.getCause());
        } finally {
            busy = false;
        }
        if (settled && commit(c, partition, record.offset() + 1)) {
            c.resume(c.paused());
            return;
        }
        // Not settled (stopping, or an unexpected failure): hand the record back for redelivery.
        if (c.assignment().contains(partition)) c.seek(partition, record.offset());
        c.resume(c.paused());
    }

    private boolean commit(KafkaConsumer<String, byte[]> c, TopicPartition partition, long offset) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            if (!c.assignment().contains(partition)) return false;
            try {
                c.commitSync(Map.of(partition, new OffsetAndMetadata(offset)), Duration.ofSeconds(30));
                return true;
            } catch (WakeupException e) {
                throw e;
            } catch (KafkaException e) {
                // Redelivery is harmless (the task is settled and will be skipped), but avoid it when we can.
                LOG.warn("offset commit of {} failed (attempt {}): {}", partition, attempt, e.toString());
                sleep(1000L * attempt);
            }
        }
        return false;
    }

    /** Runs one record to a settled end; false when the worker is stopping and the task must be redelivered. */
    private boolean process(ConsumerRecord<String, byte[]> record) {
        T task;
        try {
            task = Json.fromBytes(record.value(), kind.recordType());
            SchemaVersion.requireSupported(schemaVersionOf(record.value()), kind.recordType().getSimpleName());
        } catch (RuntimeException e) {
            return deadLetterUnreadable(record, e);
        }
        metrics.taskConsumed(kind.type());
        String id = kind.id().apply(task);
        String sweep = kind.sweep().apply(task);
        Instant start = Instant.now();
        int maxAttempts = Math.max(1, config.getInt(ConfigKey.TASK_MAX_ATTEMPTS));
        long backoff = config.getInt(ConfigKey.TASK_RETRY_BACKOFF_MS);
        long transientBudget = config.getInt(ConfigKey.TASK_TRANSIENT_RETRY_MS);
        TaskLease lease = new TaskLease(store, id, workerId, Duration.ofMillis(config.getInt(ConfigKey.TASK_LEASE_MS)));
        int failures = 0;
        long transientDelay = backoff;
        Instant transientSince = null;
        while (running.get()) {
            try {
                return attempt(task, id, sweep, lease, failures + 1);
            } catch (Exception e) {
                if (Failures.isTransient(e)) {
                    if (transientSince == null) transientSince = Instant.now();
                    if (Duration.between(transientSince, Instant.now()).toMillis() < transientBudget) {
                        LOG.warn("{} {}: infrastructure unavailable, retrying in {} ms: {}", kind.type(), id, transientDelay,
                                e.toString());
                        sleep(transientDelay);
                        transientDelay = Math.min(MAX_TRANSIENT_DELAY_MS, transientDelay * 2);
                        continue;
                    }
                }
                transientSince = null;
                transientDelay = backoff;
                failures++;
                LOG.warn("{} {} failed (attempt {}/{}): {}", kind.type(), id, failures, maxAttempts, e.toString());
                if (!publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.FAILED, workerId).withReason(reason(e))
                        .withAttempt(failures))) {
                    return false;
                }
                if (failures >= maxAttempts) {
                    return deadLetter(task, id, sweep, e, failures, start, record);
                }
                sleep(backoff << (failures - 1));
            }
        }
        return false;
    }

    /** One try at the task; returns true once settled. Throws what the task or the infrastructure threw. */
    private boolean attempt(T task, String id, String sweep, TaskLease lease, int attemptNumber) throws Exception {
        if (sweep != null && store.exists(StoreKeys.sweep(sweep) + "cancelled")) {
            metrics.taskFinished(kind.type(), "cancelled", Duration.ZERO, false);
            return publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.CANCELLED, workerId));
        }
        String artifact = kind.artifactPrefix(task);
        while (true) {
            Optional<byte[]> marker = store.find(artifact + ArtifactStore.COMMIT_MARKER);
            if (marker.isPresent()) return settleCommitted(task, id, sweep, marker.get(), lease);
            if (lease.acquire()) break;
            if (!running.get()) return false;
            sleep(Math.min(5_000, lease.ttl().toMillis() / 3));
        }
        long renewEvery = Math.max(1, lease.ttl().toMillis() / 3);
        ScheduledFuture<?> renewal = leaseRenewer.scheduleAtFixedRate(() -> {
            try {
                lease.renew();
            } catch (RuntimeException e) {
                LOG.warn("lease renewal of {} failed: {}", id, e.toString());
            }
        }, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        Instant attemptStart = Instant.now();
        metrics.taskStarted();
        TaskEvent success = TaskEvent.of(id, kind.type(), sweep, TaskStatus.SUCCEEDED, workerId).withAttempt(attemptNumber);
        boolean committed = false;
        boolean handled = false;
        try {
            if (!publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.STARTED, workerId).withAttempt(attemptNumber))) {
                return false;
            }
            ArtifactWriter writer = store.open(artifact);
            handler.handle(task, writer);
            committed = writer.commitOnce(Map.of("task_id", id, "worker", workerId,
                    "success_event", Json.MAPPER.convertValue(success, Map.class)));
            handled = true;
        } finally {
            renewal.cancel(false);
            // "superseded": the work was done but another worker's commit of the same task came first.
            metrics.taskFinished(kind.type(), !handled ? "failed" : committed ? "succeeded" : "superseded",
                    Duration.between(attemptStart, Instant.now()), true);
        }
        if (!committed) {
            // Another worker committed this task while we ran it (our lease lapsed): its result stands.
            LOG.warn("{} {}: another worker committed it first; keeping its result", kind.type(), id);
            return settleCommitted(task, id, sweep, store.get(artifact + ArtifactStore.COMMIT_MARKER), lease);
        }
        long millis = Duration.between(attemptStart, Instant.now()).toMillis();
        releaseQuietly(lease);
        handler.afterCommit(task);
        return publish(success.withDuration(millis));
    }

    /**
     * The artifact is already committed (a redelivery, or a worker that died right after committing):
     * redo the idempotent follow-up, re-send the committing worker's success event under its original
     * id (readers keep one per id) in case it never went out, drop the lease a dead committer left,
     * and record the skip.
     */
    private boolean settleCommitted(T task, String id, String sweep, byte[] marker, TaskLease lease) throws Exception {
        handler.afterCommit(task);
        releaseQuietly(lease);
        Object success = Json.fromBytes(marker, Map.class).get("success_event");
        if (success != null && !publish(Json.MAPPER.convertValue(success, TaskEvent.class))) return false;
        metrics.taskFinished(kind.type(), "skipped", Duration.ZERO, false);
        return publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.SKIPPED, workerId));
    }

    /**
     * Publishes an event, re-sending the same event (same id) through broker outages until it is
     * acknowledged or the worker stops; returns whether it was sent.
     */
    private boolean publish(TaskEvent event) {
        long delay = 500;
        while (true) {
            try {
                bus.publish(event);
                return true;
            } catch (RuntimeException e) {
                if (!running.get()) return false;
                LOG.warn("cannot publish {} event of {} yet: {}", event.status(), event.taskId(), e.getMessage());
                sleep(delay);
                delay = Math.min(MAX_TRANSIENT_DELAY_MS, delay * 2);
            }
        }
    }

    private void releaseQuietly(TaskLease lease) {
        try {
            lease.release();
        } catch (RuntimeException e) {
            LOG.warn("lease not released (it will expire): {}", e.toString());
        }
    }

    private boolean deadLetter(T task, String id, String sweep, Exception last, int attempts, Instant start,
                               ConsumerRecord<String, byte[]> record) {
        DeadLetter letter = new DeadLetter(SchemaVersion.CURRENT, id, kind.type(), sweep, reason(last), stack(last), attempts,
                Instant.now().toString(), new String(record.value(), StandardCharsets.UTF_8));
        while (true) {
            try {
                bus.deadLetter(letter);
                break;
            } catch (RuntimeException e) {
                if (!running.get()) return false;
                sleep(1000);
            }
        }
        metrics.taskFinished(kind.type(), "dead_lettered", Duration.between(start, Instant.now()), false);
        return publish(TaskEvent.of(id, kind.type(), sweep, TaskStatus.DEAD_LETTERED, workerId).withReason(reason(last))
                .withDuration(Duration.between(start, Instant.now()).toMillis()).withAttempt(attempts));
    }

    private boolean deadLetterUnreadable(ConsumerRecord<String, byte[]> record, RuntimeException e) {
        String id = record.key() == null ? "unknown" : record.key();
        LOG.error("unreadable {} record at {}-{}@{}: {}", kind.type(), record.topic(), record.partition(), record.offset(),
                e.getMessage());
        DeadLetter letter = new DeadLetter(SchemaVersion.CURRENT, id, kind.type(), null, "unreadable record: " + e.getMessage(),
                stack(e), 1, Instant.now().toString(), new String(record.value(), StandardCharsets.UTF_8));
        while (true) {
            try {
                bus.deadLetter(letter);
                metrics.taskFinished(kind.type(), "dead_lettered", Duration.ZERO, false);
                return true;
            } catch (RuntimeException failure) {
                if (!running.get()) return false;
                sleep(1000);
            }
        }
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

    /**
     * Stops after the task in hand; a task that cannot finish within {@code farm.worker.shutdown.grace.ms}
     * is left uncommitted for redelivery.
     */
    @Override
    public void close() {
        running.set(false);
        try {
            pollThread.join(config.getInt(ConfigKey.WORKER_SHUTDOWN_GRACE_MS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pollThread.isAlive() && consumer != null) consumer.wakeup();
        executor.shutdownNow();
        leaseRenewer.shutdownNow();
        sweepLeases();
    }

    /** Leases of finished tasks a dead worker left behind are garbage: delete them. */
    private void sweepLeases() {
        try {
            int deleted = TaskLease.sweep(store, kind.idPrefix(), id -> store.isCommitted(kind.artifactOfId().apply(id)));
            if (deleted > 0) LOG.info("deleted {} leases left on finished {} tasks", deleted, kind.type());
        } catch (RuntimeException e) {
            LOG.warn("lease sweep failed: {}", e.toString());
        }
    }
}
