package io.signalbox.agents;

/**
 * A SKU's stock: on hand in the warehouse, and on order (ordered, not yet received).
 */
public record StockPosition(String sku, double onHand, double onOrder) {

    public StockPosition {
        if (!Double.isFinite(onHand)) {
            throw new IllegalArgumentException("Stock on hand of " + sku + " must be a finite number, not " + onHand);
        }
        if (!(onOrder >= 0) || Double.isInfinite(onOrder)) {
            throw new IllegalArgumentException("Stock on order of " + sku + " must be 0 or more, not " + onOrder);
        }
    }

    /** On hand plus on order: what the reorder decision looks at. */
    public double inventoryPosition() {
        return onHand + onOrder;
    }
}
