package io.encodingfarm.datasets;

import java.io.IOException;

/** A dataset (to import, or on disk) that breaks a rule of the layout; the message says which and where. */
public class DatasetException extends IOException {
    public DatasetException(String message) {
        super(message);
    }
}
