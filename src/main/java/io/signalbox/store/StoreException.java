package io.signalbox.store;

/** The store failed (the database or DynamoDB), not the request: the caller may try again. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
