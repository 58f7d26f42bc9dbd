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
    private static final String PREFIX = "leases/";
    private final ArtifactStore store;
    private final String key;
    private final String worker;
    private final Duration ttl;
    private boolean released;

    public TaskLease(ArtifactStore store, String taskId, String worker, Duration ttl) {
        this.store = store;
        this.key = PREFIX + taskId;
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

    /** Claims the lease; false when another worker's live claim stands after ours was written. */
    public synchronized boolean acquire() {
        if (heldByOther().isPresent()) return false;
        released = false;
        write();
        return heldByOther().isEmpty();
    }

    /**
     * Extends our claim while it stands. A claim that is gone or another's is not written back: the task
     * was taken over (our renewals came too late) or finished, and a lease written now would outlive it.
     */
    public synchronized void renew() {
        if (released) return;
        Optional<Map> current = store.find(key).map(bytes -> Json.fromBytes(bytes, Map.class));
        if (current.isPresent() && worker.equals(current.get().get("worker"))) write();
    }

    private void write() {
        store.putJson(key, Map.of("worker", worker, "expires_at", Instant.now().plus(ttl).toString()));
    }

    /** Deletes the lease (S3 deletes of a missing key succeed, so releasing twice is harmless). */
    public synchronized void release() {
        released = true;
        store.delete(key);
    }

    /**
     * Deletes the leases left on tasks that are finished (their holder died after committing and no
     * redelivery came to clean up): {@code idPrefix} selects one kind of task, {@code isFinished} tells
     * by task id. Returns how many were deleted.
     */
    public static int sweep(ArtifactStore store, String idPrefix, java.util.function.Predicate<String> isFinished) {
        int deleted = 0;
        for (String key : store.list(PREFIX + idPrefix)) {
            if (isFinished.test(key.substring(PREFIX.length()))) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    public Duration ttl() {
        return ttl;
    }
}
