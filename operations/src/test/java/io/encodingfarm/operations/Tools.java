package io.encodingfarm.operations;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Finding the repository and the command-line tools the checks run, and running them. */
final class Tools {
    private Tools() {
    }

    /** The repository root: the first parent of the working directory holding docker-compose.yml. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("k8s"))) return dir;
        }
        throw new IllegalStateException("no repository root (a directory with docker-compose.yml and k8s/) above "
                + Path.of("").toAbsolutePath());
    }

    static Optional<Path> onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /** The tool, or the test is skipped saying how to install it. */
    static Path require(String tool, String install) {
        Optional<Path> found = onPath(tool);
        Assumptions.assumeTrue(found.isPresent(), tool + " is not on PATH; skipped (install: " + install + ")");
        return found.get();
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command to completion; stdout and stderr together. */
    static Result run(Duration timeout, String... command) {
        try {
            Path log = Files.createTempFile("ops-tool", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeout);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Object> yamlDocuments(String text) {
        List<Object> documents = new ArrayList<>();
        for (Object doc : new org.yaml.snakeyaml.Yaml().loadAll(text)) {
            if (doc != null) documents.add(doc);
        }
        return documents;
    }
}
