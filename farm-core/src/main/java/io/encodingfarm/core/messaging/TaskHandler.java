package io.encodingfarm.core.messaging;

import io.encodingfarm.core.store.ArtifactWriter;

/**
 * The work a service does for one task. The worker owns the artifact's life: the handler only puts
 * the artifact's objects; the worker commits them, then calls {@link #afterCommit}.
 */
public interface TaskHandler<T> {

    /** Computes the task and puts every object of its artifact into {@code artifact} (not committed yet). */
    void handle(T task, ArtifactWriter artifact) throws Exception;

    /**
     * Follow-up work once the artifact is committed — also when a redelivered task finds it already
     * committed (its first worker may have died right after the commit), so it must be idempotent.
     */
    default void afterCommit(T task) throws Exception {
    }
}
