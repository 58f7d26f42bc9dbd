package io.encodingfarm.core.config;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Typed, immutable view of the farm's settings. Resolution order: explicit overrides (the embedded
 * default passes its endpoints this way), then system properties, then environment, then defaults.
 */
public final class FarmConfig {
    private static final String KAFKA_CLIENT_PREFIX = "farm.kafka.client.";
    private final Map<String, String> values;

    private FarmConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static FarmConfig fromEnvironment() {
        return fromEnvironment(Map.of());
    }

    public static FarmConfig fromEnvironment(Map<String, String> overrides) {
        Map<String, String> resolved = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("FARM_")) resolved.put(name.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), value);
        });
        System.getProperties().forEach((name, value) -> {
            if (name.toString().startsWith("farm.")) resolved.put(name.toString(), value.toString());
        });
        resolved.putAll(overrides);
        return new FarmConfig(resolved);
    }

    public FarmConfig with(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(overrides);
        return new FarmConfig(merged);
    }

    public String get(ConfigKey key) {
        String value = values.get(key.key());
        if (value == null || value.isBlank()) value = key.defaultValue();
        if (value == null) {
            throw new IllegalStateException("missing setting " + key.key() + " (environment " + key.envName() + "): "
                    + key.doc());
        }
        return value;
    }

    public int getInt(ConfigKey key) {
        String value = get(key);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("setting " + key.key() + " must be an integer, got '" + value + "'");
        }
    }

    public String workerId() {
        String id = get(ConfigKey.WORKER_ID);
        return id.isEmpty() ? ManagementFactory.getRuntimeMXBean().getName().replace('@', '-') : id;
    }

    /** Kafka client settings: bootstrap servers plus every {@code farm.kafka.client.*} pass-through. */
    public Properties kafkaProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", get(ConfigKey.KAFKA_BOOTSTRAP_SERVERS));
        values.forEach((name, value) -> {
            if (name.startsWith(KAFKA_CLIENT_PREFIX)) props.put(name.substring(KAFKA_CLIENT_PREFIX.length()), value);
        });
        return props;
    }
}
