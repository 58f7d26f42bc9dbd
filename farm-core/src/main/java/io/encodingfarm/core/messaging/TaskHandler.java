package io.encodingfarm.core.messaging;

/** The work a service does for one task; it must commit the task's artifact before returning. */
@FunctionalInterface
public interface TaskHandler<T> {
    void handle(T task) throws Exception;
}
