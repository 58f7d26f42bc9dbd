package io.encodingfarm.schema;

/**
 * The life of a task as events tell it. SKIPPED: the artifact was already committed when the task
 * came up. CANCELLED: its sweep was cancelled before the task started.
 */
public enum TaskStatus {
    QUEUED, STARTED, SUCCEEDED, SKIPPED, FAILED, DEAD_LETTERED, CANCELLED;

    public boolean isDone() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
