package io.signalbox.inventory;

/** A sale (or a reservation) of more than the quantity on hand: refused, stock never goes negative. */
public final class InsufficientStockException extends InvalidInventoryEventException {

    public InsufficientStockException(String itemId, int requested, long onHand) {
        super("Insufficient stock for " + itemId + ": sale of " + requested + " but " + onHand + " on hand");
    }
}
