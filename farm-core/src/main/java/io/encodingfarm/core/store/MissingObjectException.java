package io.encodingfarm.core.store;

/** A key that should exist does not: usually a dataset or artifact not yet imported or committed. */
public final class MissingObjectException extends StoreException {
    public MissingObjectException(String message) {
        super(message);
    }
}
