package io.encodingfarm.core.store;

import io.encodingfarm.schema.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A time-limited claim on a task, kept in the store at {@code leases/<task-id>}, so that two workers
 * handed the same task (a rebalance moved its partition while the first was still at work) do not both
 * run it. The holder renews it while working and deletes it when done; a dead holder's lease expires.
 */
public final class TaskLease {
    private final ArtifactStore store;
    private final String key;
    private final String worker;
    private final Duration ttl;

    public TaskLease(ArtifactStore store, String taskId, String worker, Duration ttl) {
        this.store = store;
        this.key = "leases/" + taskId;
        this.worker = worker;
        this.ttl = ttl;
    }

    /** The other worker holding a live lease on this task, if any. */
    public Optional<String> heldByOther() {
        return store.find(key).map(bytes -> Json.fromBytes(bytes, Map.class)).filter(lease ->
                !worker.equals(lease.get("worker"))
                        && Instant.parse(lease.get("expires_at").toString()).isAfter(Instant.now()))
                .map(lease -> lease.get("worker").toString());
    }

    /** Claims or renews the lease; false when another worker's live claim stands after ours was written. */
    public boolean acquire() {
        if (heldByOther().isPresent()) return false;
        renew();
        return heldByOther().isEmpty();
    }

    public void renew() {
        store.putJson(key, Map.of("worker", worker, "expires_at", Instant.now().plus(ttl).toString()));
    }

    /** Deletes the lease (S3 deletes of a missing key succeed, so releasing twice is harmless). */
    public void release() {
        store.delete(key);
    }

    public Duration ttl() {
        return ttl;
    }
}
