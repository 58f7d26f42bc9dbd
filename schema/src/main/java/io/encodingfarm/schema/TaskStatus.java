package io.encodingfarm.schema;

/** The life of a task as events tell it. SKIPPED: the artifact was already committed. */
public enum TaskStatus {
    QUEUED, STARTED, SUCCEEDED, SKIPPED, FAILED, DEAD_LETTERED;

    public boolean isDone() {
        return this == SUCCEEDED || this == SKIPPED;
    }
}
