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

    /** Writes (or replaces) the commit marker: for artifacts that are rebuilt, like reports. */
    public void commit(Map<String, Object> details) {
        store.putJson(prefix + ArtifactStore.COMMIT_MARKER, marker(details));
    }

    /**
     * Commits only if nobody has: the first committer's marker stands, so a task's artifact is committed
     * exactly once even when two workers raced on it. {@code details} (who committed, for which event)
     * are recorded in the marker. False when another commit was first.
     */
    public boolean commitOnce(Map<String, Object> details) {
        return store.putIfAbsent(prefix + ArtifactStore.COMMIT_MARKER, io.encodingfarm.schema.Json.toBytes(marker(details)));
    }

    private Map<String, Object> marker(Map<String, Object> details) {
        Map<String, Object> marker = new java.util.TreeMap<>(details);
        marker.put("schema_version", 1);
        marker.put("objects", objects);
        marker.put("committed_at", Instant.now().toString());
        return marker;
    }
}
