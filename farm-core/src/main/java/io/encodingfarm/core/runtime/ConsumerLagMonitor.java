package io.encodingfarm.core.runtime;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.TaskKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures, through Kafka's Admin API, how many records each consumer group still has to read on its
 * topic ({@value FarmMetrics#QUEUE_LAG}) and how many records topics hold ({@value FarmMetrics#TOPIC_RECORDS},
 * the dead-letter depth). A partition without a committed offset counts from its log start, as the
 * workers consume from the earliest offset. While Kafka cannot be asked, the gauges read NaN rather
 * than a stale number, so alerts do not act on old values.
 */
public final class ConsumerLagMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);
    private static final long ADMIN_TIMEOUT_SECONDS = 10;

    /** The reporter's group; it lives in the reporter module, which farm-core cannot see. */
    public static final String REPORTER_GROUP = "farm-reporter";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    /** A consumer group reading one topic. */
    public record Subscription(String topic, String group) {
        /** The group that consumes one kind of task. */
        public static Subscription of(FarmConfig config, TaskKind<?> kind) {
            return new Subscription(config.get(kind.topic()), kind.consumerGroup());
        }
    }

    /** Every group of the farm (extraction, fit, reporter) and the dead-letter topic's depth. */
    public static ConsumerLagMonitor wholeFarm(FarmConfig config, MeterRegistry registry, Duration every) {
        return new ConsumerLagMonitor(config, registry,
                List.of(Subscription.of(config, TaskKind.EXTRACTION), Subscription.of(config, TaskKind.FIT),
                        new Subscription(config.get(ConfigKey.TOPIC_EVENTS), REPORTER_GROUP)),
                List.of(config.get(ConfigKey.TOPIC_DEAD)), every);
    }

    /** The lag of the group a worker belongs to: each worker shows its own queue. */
    public static ConsumerLagMonitor ofWorker(FarmConfig config, TaskKind<?> kind, MeterRegistry registry) {
        return new ConsumerLagMonitor(config, registry, List.of(Subscription.of(config, kind)), List.of(), DEFAULT_INTERVAL);
    }

    private final Admin admin;
    private final List<Subscription> subscriptions;
    private final List<String> countedTopics;
    private final Map<Subscription, AtomicLong> lag = new HashMap<>();
    private final Map<String, AtomicLong> records = new HashMap<>();
    private final Counter failures;
    private final ScheduledExecutorService timer;

    /**
     * Registers the gauges on {@code registry} and refreshes them every {@code every}.
     *
     * @param subscriptions groups whose lag is measured
     * @param countedTopics topics whose record count is measured (e.g. the dead-letter topic)
     */
    public ConsumerLagMonitor(FarmConfig config, MeterRegistry registry, List<Subscription> subscriptions,
                              List<String> countedTopics, Duration every) {
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("lag refresh interval must be positive, got " + every);
        }
        this.subscriptions = List.copyOf(subscriptions);
        this.countedTopics = List.copyOf(countedTopics);
        for (Subscription s : this.subscriptions) {
            AtomicLong value = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            lag.put(s, value);
            Gauge.builder(FarmMetrics.QUEUE_LAG, value, v -> Double.longBitsToDouble(v.get()))
                    .tag("topic", s.topic()).tag("group", s.group()).baseUnit("records")
                    .description("Records of the topic not yet consumed by the group").strongReference(true)
                    .register(registry);
        }
        for (String topic : this.countedTopics) {
            AtomicLong value = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            records.put(topic, value);
            Gauge.builder(FarmMetrics.TOPIC_RECORDS, value, v -> Double.longBitsToDouble(v.get()))
                    .tag("topic", topic).baseUnit("records").description("Records held by the topic")
                    .strongReference(true).register(registry);
        }
        failures = Counter.builder(FarmMetrics.QUEUE_LAG_FAILURES).description("Lag measurements that failed")
                .register(registry);
        this.admin = Admin.create(config.kafkaProperties());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consumer-lag-monitor");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Measures once now (the timer also does this on its own). */
    public void refresh() throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = new java.util.TreeSet<>(countedTopics);
        subscriptions.forEach(s -> topics.add(s.topic()));
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        Map<TopicPartition, ListOffsetsResultInfo> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> latest = offsets(partitions, OffsetSpec.latest());
        for (String topic : countedTopics) {
            long held = 0;
            for (TopicPartition p : partitions) {
                if (p.topic().equals(topic)) held += latest.get(p).offset() - earliest.get(p).offset();
            }
            set(records.get(topic), held);
        }
        for (Subscription s : subscriptions) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(s.group())
                    .partitionsToOffsetAndMetadata().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long behind = 0;
            for (TopicPartition p : partitions) {
                if (!p.topic().equals(s.topic())) continue;
                OffsetAndMetadata at = committed.get(p);
                long from = at == null ? earliest.get(p).offset() : Math.max(at.offset(), earliest.get(p).offset());
                behind += Math.max(0, latest.get(p).offset() - from);
            }
            set(lag.get(s), behind);
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        return admin.listOffsets(request).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failures.increment();
            lag.values().forEach(v -> set(v, Double.NaN));
            records.values().forEach(v -> set(v, Double.NaN));
            LOG.warn("cannot measure consumer lag: {}", e.toString());
        }
    }

    private static void set(AtomicLong gauge, double value) {
        gauge.set(Double.doubleToLongBits(value));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
