package io.encodingfarm.core.store;

import io.encodingfarm.core.config.ConfigKey;
import io.encodingfarm.core.config.FarmConfig;
import io.encodingfarm.core.runtime.FarmMetrics;
import io.encodingfarm.schema.Json;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The farm's object store: one bucket, reached through the MinIO SDK. Artifacts are directories
 * committed by a marker written last (see docs/store-layout.md); readers trust only committed ones.
 */
public final class ArtifactStore {
    public static final String COMMIT_MARKER = "_COMMITTED";

    private final MinioClient client;
    private final String bucket;
    private final String endpoint;
    private final FarmMetrics metrics;

    public ArtifactStore(FarmConfig config, FarmMetrics metrics) {
        this.endpoint = config.get(ConfigKey.S3_ENDPOINT);
        this.bucket = config.get(ConfigKey.S3_BUCKET);
        this.metrics = metrics;
        this.client = MinioClient.builder()
                .endpoint(endpoint)
                .region(config.get(ConfigKey.S3_REGION))
                .credentials(config.get(ConfigKey.S3_ACCESS_KEY), config.get(ConfigKey.S3_SECRET_KEY))
                .build();
    }

    public void ensureBucket() {
        call("create bucket", "", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    if (!"BucketAlreadyOwnedByYou".equals(e.errorResponse().code())) throw e;
                }
            }
            return null;
        });
    }

    public void put(String key, byte[] data) {
        call("write", key, () -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .data(data, data.length).build()));
        metrics.bytesWritten(data.length);
    }

    /**
     * Writes the object only if no object has the key yet (S3 conditional write, {@code If-None-Match: *},
     * honoured by MinIO, AWS S3 and the embedded server); false when another writer got there first.
     */
    public boolean putIfAbsent(String key, byte[] data) {
        boolean written = call("write", key, () -> {
            try {
                client.putObject(PutObjectArgs.builder().bucket(bucket).object(key).data(data, data.length)
                        .headers(Map.of("If-None-Match", "*")).build());
                return true;
            } catch (ErrorResponseException e) {
                if ("PreconditionFailed".equals(e.errorResponse().code())) return false;
                throw e;
            }
        });
        if (written) metrics.bytesWritten(data.length);
        return written;
    }

    public void putJson(String key, Object value) {
        put(key, Json.toBytes(value));
    }

    public byte[] get(String key) {
        return find(key).orElseThrow(() -> new MissingObjectException("no object s3://" + bucket + "/" + key + " at " + endpoint));
    }

    public <T> T getJson(String key, Class<T> type) {
        return Json.fromBytes(get(key), type);
    }

    public Optional<byte[]> find(String key) {
        return call("read", key, () -> {
            try (GetObjectResponse in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
                byte[] bytes = in.readAllBytes();
                metrics.bytesRead(bytes.length);
                return Optional.of(bytes);
            } catch (ErrorResponseException e) {
                if (isMissing(e)) return Optional.empty();
                throw e;
            }
        });
    }

    public boolean exists(String key) {
        return call("stat", key, () -> {
            try {
                client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                return true;
            } catch (ErrorResponseException e) {
                if (isMissing(e)) return false;
                throw e;
            }
        });
    }

    /** Keys under a prefix, recursively, in lexical order. */
    public List<String> list(String prefix) {
        return call("list", prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                keys.add(result.get().objectName());
            }
            keys.sort(null);
            return keys;
        });
    }

    public void delete(String key) {
        call("delete", key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    public boolean isCommitted(String artifactPrefix) {
        return exists(artifactPrefix + COMMIT_MARKER);
    }

    /** Starts writing an artifact; nothing under the prefix is trusted until {@link ArtifactWriter#commit()}. */
    public ArtifactWriter open(String artifactPrefix) {
        if (!artifactPrefix.endsWith("/")) throw new IllegalArgumentException("artifact prefix must end with '/': " + artifactPrefix);
        return new ArtifactWriter(this, artifactPrefix);
    }

    /** Uploads a local directory tree as one committed artifact. */
    public void uploadDirectory(Path directory, String artifactPrefix) {
        ArtifactWriter writer = open(artifactPrefix);
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String relative = directory.relativize(file).toString().replace('\\', '/');
                writer.put(relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new StoreException("cannot read " + directory + " for upload: " + e.getMessage(), e);
        }
        writer.commit();
    }

    /** Downloads every object under a prefix into a local directory (the commit marker excluded). */
    public void downloadDirectory(String prefix, Path directory) {
        for (String key : list(prefix)) {
            String relative = key.substring(prefix.length());
            if (relative.equals(COMMIT_MARKER) || relative.isEmpty()) continue;
            Path target = directory.resolve(relative).normalize();
            if (!target.startsWith(directory)) throw new StoreException("refusing key that escapes " + directory + ": " + key);
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, get(key));
            } catch (IOException e) {
                throw new StoreException("cannot write " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Makes a local copy of the committed artifact's objects that {@code wanted} selects, fetching only
     * those missing or of the wrong size; files land by atomic rename, so concurrent mirrors of one
     * artifact never see a half-written file. Returns the local directory.
     */
    @SuppressWarnings("unchecked")
    public Path mirror(String artifactPrefix, Path directory, java.util.function.Predicate<String> wanted) {
        byte[] marker = find(artifactPrefix + COMMIT_MARKER).orElseThrow(() -> new MissingObjectException(
                "artifact " + artifactPrefix + " is not committed in " + describe() + " (not imported or still being written)"));
        Map<String, Object> objects = (Map<String, Object>) Json.fromBytes(marker, Map.class).get("objects");
        try {
            for (Map.Entry<String, Object> object : objects.entrySet()) {
                String relative = object.getKey();
                if (!wanted.test(relative)) continue;
                Path target = directory.resolve(relative).normalize();
                if (!target.startsWith(directory)) throw new StoreException("refusing key that escapes " + directory + ": " + relative);
                long size = ((Number) object.getValue()).longValue();
                if (Files.exists(target) && Files.size(target) == size) continue;
                Files.createDirectories(target.getParent());
                Path partial = Files.createTempFile(target.getParent(), ".partial-", "");
                Files.write(partial, get(artifactPrefix + relative));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new StoreException("cannot mirror " + artifactPrefix + " into " + directory + ": " + e.getMessage(), e);
        }
        return directory;
    }

    public String describe() {
        return "s3://" + bucket + " at " + endpoint;
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code);
    }

    private interface StoreCall<T> {
        T run() throws MinioException, IOException;
    }

    private <T> T call(String action, String key, StoreCall<T> body) {
        try {
            return body.run();
        } catch (MinioException | IOException e) {
            throw new StoreException("cannot " + action + " s3://" + bucket + "/" + key + " at " + endpoint + ": " + e, e,
                    e instanceof IOException || e instanceof io.minio.errors.ServerException);
        }
    }

}
