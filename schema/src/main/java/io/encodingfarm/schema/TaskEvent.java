package io.encodingfarm.schema;

import java.time.Instant;
import java.util.UUID;

/**
 * What happened to a task, published on the events topic keyed by task id. A publisher that must
 * re-send an event after a broker failure re-sends the same {@code eventId}, so readers can drop the
 * duplicates an at-least-once send may produce.
 *
 * @param reason      failure reason (null unless FAILED / DEAD_LETTERED)
 * @param durationMs  time the task ran (0 unless finished)
 */
public record TaskEvent(int schemaVersion, String eventId, String taskId, TaskType taskType, String sweep,
                        TaskStatus status, String worker, String at, String reason, long durationMs, int attempt) {

    public static TaskEvent of(String taskId, TaskType type, String sweep, TaskStatus status, String worker) {
        return new TaskEvent(SchemaVersion.CURRENT, UUID.randomUUID().toString(), taskId, type, sweep, status, worker,
                Instant.now().toString(), null, 0, 1);
    }

    public TaskEvent withReason(String why) {
        return new TaskEvent(schemaVersion, eventId, taskId, taskType, sweep, status, worker, at, why, durationMs, attempt);
    }

    public TaskEvent withDuration(long millis) {
        return new TaskEvent(schemaVersion, eventId, taskId, taskType, sweep, status, worker, at, reason, millis, attempt);
    }

    public TaskEvent withAttempt(int n) {
        return new TaskEvent(schemaVersion, eventId, taskId, taskType, sweep, status, worker, at, reason, durationMs, n);
    }
}
