package io.encodingfarm.schema;

/**
 * A task given up on: the original record verbatim, why, and where it broke.
 *
 * @param task   the task's JSON as it was consumed
 * @param stack  the first frames of the failure, enough to locate it without logs
 */
public record DeadLetter(int schemaVersion, String taskId, TaskType taskType, String sweep, String reason, String stack,
                         int attempts, String at, String task) {
}
