package io.signalbox.events;

/**
 * An event that is well formed but that its handler refuses for a reason no retry can change (an order whose
 * total is not the sum of its lines, a sale beyond the stock on hand). The dead-letter channel sends it to its
 * queue's DLQ at once, with this message as {@code signalbox.error.message}, as it does schema-invalid events.
 * Subclasses name the reason; handlers throw them only before they have changed anything.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String message) {
        super(message);
    }
}
