package io.encodingfarm.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.messaging.Topics;
import io.encodingfarm.core.runtime.ConsumerLagMonitor;
import io.encodingfarm.core.runtime.FarmMetrics;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lag gauges read what Kafka's Admin API says, against a real broker. */
class ConsumerLagMonitorTest {

    @Test
    @Timeout(90)
    @ExtendWith(SharedInfrastructure.class)
    void lagIsWhatTheGroupHasNotCommittedAndDepthIsWhatTheTopicHolds(EmbeddedInfrastructure infra) throws Exception {
        // Topics of its own: the broker is shared with tests that run workers on the farm's topics.
        FarmConfig config = FarmConfig.fromEnvironment(infra.settings()).with(Map.of(
                ConfigKey.TOPIC_EXTRACT.key(), "lag-test.extract", ConfigKey.TOPIC_FIT.key(), "lag-test.fit",
                ConfigKey.TOPIC_EVENTS.key(), "lag-test.events", ConfigKey.TOPIC_DEAD.key(), "lag-test.dead"));
        Topics.ensure(config);
        String fit = config.get(ConfigKey.TOPIC_FIT);
        String extract = config.get(ConfigKey.TOPIC_EXTRACT);
        String dead = config.get(ConfigKey.TOPIC_DEAD);
        send(config, fit, 0, 3);
        send(config, extract, 5, 2);
        send(config, dead, 1, 2);
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ConsumerLagMonitor monitor = ConsumerLagMonitor.wholeFarm(config, registry, Duration.ofHours(1))) {
            monitor.refresh();
            assertEquals(3, lag(registry, fit, "farm-fit-worker"));
            assertEquals(2, lag(registry, extract, "farm-gpu-worker"));
            assertEquals(0, lag(registry, config.get(ConfigKey.TOPIC_EVENTS), ConsumerLagMonitor.REPORTER_GROUP));
            assertEquals(2, registry.get(FarmMetrics.TOPIC_RECORDS).tag("topic", dead).gauge().value());

            try (Admin admin = Admin.create(config.kafkaProperties())) {
                admin.alterConsumerGroupOffsets("farm-fit-worker",
                        Map.of(new TopicPartition(fit, 0), new OffsetAndMetadata(2))).all().get();
            }
            monitor.refresh();
            assertEquals(1, lag(registry, fit, "farm-fit-worker"), "two of three fit tasks committed");
        }
    }

    @Test
    @Timeout(30)
    void anUnreachableBrokerReadsAsUnknownNotAsStaleNumbers() throws Exception {
        FarmConfig config = FarmConfig.fromEnvironment(Map.of(
                ConfigKey.KAFKA_BOOTSTRAP_SERVERS.key(), "127.0.0.1:" + Tools.freePort(),
                "farm.kafka.client.default.api.timeout.ms", "1000",
                "farm.kafka.client.request.timeout.ms", "500"));
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ConsumerLagMonitor ignored = ConsumerLagMonitor.wholeFarm(config, registry, Duration.ofMillis(200))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (registry.get(FarmMetrics.QUEUE_LAG_FAILURES).counter().count() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(registry.get(FarmMetrics.QUEUE_LAG_FAILURES).counter().count() >= 1, "the failure is counted");
            assertTrue(Double.isNaN(lag(registry, config.get(ConfigKey.TOPIC_FIT), "farm-fit-worker")));
        }
    }

    private static double lag(MeterRegistry registry, String topic, String group) {
        return registry.get(FarmMetrics.QUEUE_LAG).tag("topic", topic).tag("group", group).gauge().value();
    }

    private static void send(FarmConfig config, String topic, int partition, int count) throws Exception {
        Properties props = config.kafkaProperties();
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < count; i++) producer.send(new ProducerRecord<>(topic, partition, "k" + i, "{}")).get();
        }
    }
}
