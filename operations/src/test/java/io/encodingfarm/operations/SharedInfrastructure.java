package io.encodingfarm.operations;

import io.encodingfarm.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One embedded Kafka + S3 for every test class of the run that asks for it (starting one costs
 * seconds); closed when the run ends. Tests that share it use their own topics or groups.
 */
final class SharedInfrastructure implements ParameterResolver {

    private static final class Holder implements AutoCloseable {
        final Path dir;
        final EmbeddedInfrastructure infra;

        Holder() {
            try {
                dir = Files.createTempDirectory("ops-embedded");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            infra = EmbeddedInfrastructure.start(dir);
        }

        @Override
        public void close() throws IOException {
            infra.close();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedInfrastructure.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Holder.class, k -> new Holder(), Holder.class).infra;
    }
}
