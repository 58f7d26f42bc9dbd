package io.encodingfarm.core.messaging;

import java.util.concurrent.Callable;

/**
 * A task's input is malformed: the message names the input (store key or field) and the problem.
 * Never transient — retrying cannot fix a file — so such a task is dead-lettered after its attempts.
 */
public final class BadInputException extends IllegalArgumentException {
    public BadInputException(String input, String problem) {
        super(input + ": " + problem);
    }

    private BadInputException(String input, Throwable cause) {
        super(input + ": " + describe(cause), cause);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof java.nio.file.NoSuchFileException) return "missing (the artifact holds no such object)";
        if (cause instanceof java.nio.charset.CharacterCodingException) return "not UTF-8 text";
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Reads one input; a failure of the read (other than the store being unreachable) names the input. */
    public static <V> V reading(String input, Callable<V> read) {
        try {
            return read.call();
        } catch (BadInputException e) {
            throw e;
        } catch (Exception e) {
            if (Failures.isTransient(e)) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
            throw new BadInputException(input, e);
        }
    }

    /** Every value finite (NaN or ±Inf in features or responses would poison the fit silently). */
    public static float[][] requireFinite(String input, float[][] matrix) {
        for (int i = 0; i < matrix.length; i++) {
            for (int j = 0; j < matrix[i].length; j++) {
                if (!Float.isFinite(matrix[i][j])) {
                    throw new BadInputException(input, "non-finite value " + matrix[i][j] + " at row " + i + ", column " + j);
                }
            }
        }
        return matrix;
    }
}
