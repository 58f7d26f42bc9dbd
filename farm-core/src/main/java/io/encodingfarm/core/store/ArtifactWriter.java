package io.encodingfarm.core.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the objects of one artifact, then its commit marker listing them. */
public final class ArtifactWriter {
    private final ArtifactStore store;
    private final String prefix;
    private final Map<String, Long> objects = new LinkedHashMap<>();

    ArtifactWriter(ArtifactStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    public ArtifactWriter put(String relativeKey, byte[] data) {
        if (relativeKey.equals(ArtifactStore.COMMIT_MARKER) || relativeKey.startsWith("/") || relativeKey.contains("..")) {
            throw new IllegalArgumentException("invalid object name in artifact " + prefix + ": " + relativeKey);
        }
        store.put(prefix + relativeKey, data);
        objects.put(relativeKey, (long) data.length);
        return this;
    }

    public ArtifactWriter putJson(String relativeKey, Object value) {
        return put(relativeKey, io.encodingfarm.schema.Json.toBytes(value));
    }

    public void commit() {
        commit(Map.of());
    }

    /** Writes the commit marker; {@code details} (who committed, for which event) are recorded in it. */
    public void commit(Map<String, Object> details) {
        Map<String, Object> marker = new java.util.TreeMap<>(details);
        marker.put("schema_version", 1);
        marker.put("objects", objects);
        marker.put("committed_at", Instant.now().toString());
        store.putJson(prefix + ArtifactStore.COMMIT_MARKER, marker);
    }
}
