package io.signalbox.events;

/** A message that is not an event Signalbox can take: the message says exactly why. */
public final class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
