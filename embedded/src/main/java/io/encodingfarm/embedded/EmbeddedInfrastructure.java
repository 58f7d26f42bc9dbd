package io.encodingfarm.embedded;

import io.encodingfarm.core.config.ConfigKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded default: a Kafka broker and an S3 server on loopback, state under one data directory.
 * Credentials are random per data directory (kept in {@code credentials.properties}, readable only by
 * the owner), never a baked-in default.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedInfrastructure(Path dataDir) {
        Properties state = loadOrCreateState(dataDir);
        accessKey = state.getProperty("access.key");
        secretKey = state.getProperty("secret.key");
        kafka = new EmbeddedKafka(dataDir, reusablePort(state, "kafka.port"), reusablePort(state, "controller.port"));
        s3 = new EmbeddedS3(dataDir, reusablePort(state, "s3.port"), accessKey, secretKey);
        saveState(dataDir, state);
    }

    public static EmbeddedInfrastructure start(Path dataDir) {
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure(dataDir);
        infra.s3.start();
        infra.kafka.start();
        return infra;
    }

    /** The broker, for tests that stop and restart it. */
    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** The S3 server, for tests that stop and restart it. */
    public EmbeddedS3 s3() {
        return s3;
    }

    /** Settings that point farm services at this infrastructure. */
    public Map<String, String> settings() {
        return Map.of(
                ConfigKey.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                ConfigKey.S3_ENDPOINT.key(), s3.endpoint(),
                ConfigKey.S3_ACCESS_KEY.key(), accessKey,
                ConfigKey.S3_SECRET_KEY.key(), secretKey,
                ConfigKey.HTTP_HOST.key(), "127.0.0.1");
    }

    private static Properties loadOrCreateState(Path dataDir) {
        Properties state = new Properties();
        Path file = dataDir.resolve("credentials.properties");
        try {
            Files.createDirectories(dataDir);
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    state.load(in);
                }
            } else {
                SecureRandom random = new SecureRandom();
                state.setProperty("access.key", "farm" + HexFormat.of().formatHex(random.generateSeed(8)));
                state.setProperty("secret.key", HexFormat.of().formatHex(random.generateSeed(20)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedded state in " + dataDir, e);
        }
        return state;
    }

    private static int reusablePort(Properties state, String name) {
        String previous = state.getProperty(name);
        if (previous != null) {
            int port = Integer.parseInt(previous);
            try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // taken by something else now: pick another
            }
        }
        int port = FreePorts.pick();
        state.setProperty(name, Integer.toString(port));
        return port;
    }

    private static void saveState(Path dataDir, Properties state) {
        Path file = dataDir.resolve("credentials.properties");
        try (var out = Files.newOutputStream(file)) {
            state.store(out, "encoding-farm embedded default: local random credentials and ports");
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save embedded state in " + dataDir, e);
        }
    }

    @Override
    public void close() {
        kafka.close();
        s3.close();
    }
}
