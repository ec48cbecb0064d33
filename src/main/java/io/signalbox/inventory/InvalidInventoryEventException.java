package io.signalbox.inventory;

import io.signalbox.events.RejectedEventException;

/** An {@code Inventory Updated} whose detail cannot be applied; the message says which field and why. */
public class InvalidInventoryEventException extends RejectedEventException {

    public InvalidInventoryEventException(String message) {
        super(message);
    }
}
