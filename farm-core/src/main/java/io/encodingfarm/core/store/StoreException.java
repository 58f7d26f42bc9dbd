package io.encodingfarm.core.store;

/** The object store failed or lacks an object; the message names the bucket and key. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
