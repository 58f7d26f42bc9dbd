package io.encodingfarm.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The output directory of an import: must be absent or empty, and is left as found when the import fails. */
final class ImportTarget {
    @FunctionalInterface
    interface Body<T> {
        T write() throws IOException;
    }

    private ImportTarget() {
    }

    static <T> T write(Path outDir, Body<T> body) throws IOException {
        boolean existed = Files.exists(outDir);
        if (existed) {
            try (Stream<Path> entries = Files.list(outDir)) {
                if (entries.findAny().isPresent()) throw new DatasetException("output directory " + outDir + " is not empty");
            }
        }
        try {
            return body.write();
        } catch (IOException | RuntimeException e) {
            deleteContents(outDir, !existed);
            throw e;
        }
    }

    static void deleteContents(Path dir, boolean andDirectory) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                if (andDirectory || !p.equals(dir)) Files.delete(p);
            }
        }
    }
}
