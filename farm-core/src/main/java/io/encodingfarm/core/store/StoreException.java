package io.encodingfarm.core.store;

/**
 * The object store failed or lacks an object; the message names the bucket and key. Transient
 * failures (the server unreachable or answering 5xx) are worth retrying; others are not.
 */
public class StoreException extends RuntimeException {
    private final boolean transientFailure;

    public StoreException(String message, Throwable cause, boolean transientFailure) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public StoreException(String message) {
        super(message);
        this.transientFailure = false;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
