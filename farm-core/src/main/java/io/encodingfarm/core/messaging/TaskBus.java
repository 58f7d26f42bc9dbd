package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.schema.DeadLetter;
import io.encodingfarm.schema.ExtractionTask;
import io.encodingfarm.schema.FitTask;
import io.encodingfarm.schema.Json;
import io.encodingfarm.schema.TaskEvent;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Posts tasks, events and dead letters, each keyed by task id (so all records about one task land on
 * one partition, in order). Sends are acknowledged by all in-sync replicas before returning.
 */
public final class TaskBus implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final FarmConfig config;

    public TaskBus(FarmConfig config) {
        this.config = config;
        Properties props = config.kafkaProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    public void post(ExtractionTask task) {
        send(ConfigKey.TOPIC_EXTRACT, task.id(), Json.toBytes(task));
    }

    public void post(FitTask task) {
        send(ConfigKey.TOPIC_FIT, task.id(), Json.toBytes(task));
    }

    public void publish(TaskEvent event) {
        send(ConfigKey.TOPIC_EVENTS, event.taskId(), Json.toBytes(event));
    }

    public void deadLetter(DeadLetter letter) {
        send(ConfigKey.TOPIC_DEAD, letter.taskId(), Json.toBytes(letter));
    }

    private void send(ConfigKey topic, String key, byte[] value) {
        String name = config.get(topic);
        try {
            producer.send(new ProducerRecord<>(name, key, value)).get(90, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot send to topic " + name + " at "
                    + config.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
