package io.encodingfarm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * A real S3 API server (S3Proxy) backed by the local filesystem, on 127.0.0.1, requiring AWS V2/V4
 * signatures with the given credentials — the MinIO SDK talks to it exactly as to MinIO. It can be
 * stopped and started again on the same port and data (the reliability tests do).
 */
public final class EmbeddedS3 implements AutoCloseable {
    private final Path root;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private S3Proxy proxy;

    public EmbeddedS3(Path dataDir, int port, String accessKey, String secretKey) {
        this.root = dataDir.resolve("s3");
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    public synchronized void start() {
        try {
            Files.createDirectories(root);
            proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(root.toAbsolutePath().toString()))
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!proxy.getState().equals("STARTED")) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("S3 server did not start: " + proxy.getState());
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server on port " + port + ": " + e.getMessage(), e);
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public synchronized void close() {
        if (proxy == null) return;
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the embedded S3 server", e);
        } finally {
            proxy = null;
        }
    }
}
