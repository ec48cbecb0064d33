package io.signalbox.orders;

import io.signalbox.events.RejectedEventException;

/** An {@code Order Created} whose detail is not a valid order; the message says which field and why. */
public class InvalidOrderException extends RejectedEventException {

    public InvalidOrderException(String message) {
        super(message);
    }
}
