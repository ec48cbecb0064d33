package io.signalbox.inventory;

/**
 * An applied change: the signed change of the quantity on hand and the quantity on hand after it.
 *
 * @param alreadyApplied the event had been applied before (a redelivery): nothing was written this time, and
 *                       {@code quantityOnHand} is the quantity now
 */
public record AppliedChange(InventoryChange change, long quantityChange, long quantityOnHand, boolean alreadyApplied) {
}
