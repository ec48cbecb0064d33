package io.signalbox.inventory;

/** What an {@code Inventory Updated} event does to an item's quantity on hand. */
public enum InventoryAction {
    /** adds the quantity */
    RESTOCK,
    /** takes the quantity away; never below zero */
    SALE,
    /** sets the quantity on hand to an absolute, non-negative value */
    ADJUST;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
