package io.encodingfarm.core.messaging;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/** The farm's four topics, created on first use with enough partitions for parallel workers. */
public final class Topics {
    private Topics() {
    }

    public static void ensure(FarmConfig config) {
        int partitions = config.getInt(ConfigKey.TOPIC_PARTITIONS);
        List<NewTopic> wanted = new ArrayList<>();
        for (ConfigKey key : List.of(ConfigKey.TOPIC_EXTRACT, ConfigKey.TOPIC_FIT, ConfigKey.TOPIC_EVENTS, ConfigKey.TOPIC_DEAD)) {
            // Replication is the broker's default (default.replication.factor), so a service that creates
            // a topic before the operator does never leaves it at one replica on a multi-node cluster.
            wanted.add(new NewTopic(config.get(key), java.util.Optional.of(partitions), java.util.Optional.empty()));
        }
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) return;
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on Kafka at " + config.get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS)
                    + ": " + e.getMessage(), e);
        }
    }
}
