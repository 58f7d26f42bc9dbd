package io.encodingfarm.core.messaging;

import io.encodingfarm.core.store.StoreException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells infrastructure trouble (store or broker unreachable: wait and retry, never dead-letter
 * quickly) from failures of the task itself (bad input, a bug: retry a few times, then dead-letter).
 */
public final class Failures {
    private Failures() {
    }

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException s && s.isTransient()) return true;
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) return true;
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof InterruptedIOException) {
                return true;
            }
            if (t instanceof java.util.concurrent.TimeoutException) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }
}
