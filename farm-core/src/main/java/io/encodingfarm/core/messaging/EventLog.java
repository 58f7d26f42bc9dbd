package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.schema.DeadLetter;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.TaskEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic (events, dead letters) as it stands now, without joining any consumer group. */
public final class EventLog {
    private EventLog() {
    }

    public static List<TaskEvent> readAll(FarmConfig config) {
        return readAll(config, ConfigKey.TOPIC_EVENTS, TaskEvent.class);
    }

    public static List<DeadLetter> readDeadLetters(FarmConfig config) {
        return readAll(config, ConfigKey.TOPIC_DEAD, DeadLetter.class);
    }

    private static <T> List<T> readAll(FarmConfig config, ConfigKey topicKey, Class<T> type) {
        Properties props = config.kafkaProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "farm-eventlog-" + UUID.randomUUID());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        String topic = config.get(topicKey);
        List<T> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(Json.fromBytes(record.value(), type));
                }
            }
        }
        return events;
    }
}
