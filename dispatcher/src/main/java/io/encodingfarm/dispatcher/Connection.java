package io.encodingfarm.dispatcher;

import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmContext;
import io.encodingfarm.embedded.EmbeddedInfrastructure;
import java.nio.file.Path;

/**
 * Where CLI commands find Kafka and S3: from the environment (FARM_* variables), or — with
 * {@code --embedded DIR} — from the embedded pair started for the command over that data directory.
 */
final class Connection implements AutoCloseable {
    private final EmbeddedInfrastructure embedded;
    private final FarmConfig config;
    private FarmContext farm;

    private Connection(EmbeddedInfrastructure embedded, FarmConfig config) {
        this.embedded = embedded;
        this.config = config;
    }

    static Connection open(Path embeddedDir) {
        if (embeddedDir == null) return new Connection(null, FarmConfig.fromEnvironment());
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(embeddedDir);
        return new Connection(infra, FarmConfig.fromEnvironment(infra.settings()));
    }

    FarmConfig config() {
        return config;
    }

    /** The store and bus as the dispatcher uses them, connected on first use and closed with this. */
    FarmContext farm() {
        if (farm == null) farm = FarmContext.connect("dispatcher", config);
        return farm;
    }

    @Override
    public void close() {
        if (farm != null) farm.close();
        if (embedded != null) embedded.close();
    }
}
