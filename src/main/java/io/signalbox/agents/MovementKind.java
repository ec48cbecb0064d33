package io.signalbox.agents;

/** What a stock movement was, as far as the source of the movement says. */
public enum MovementKind {
    /** Goods received from a supplier. */
    RECEIPT,
    /** Goods shipped to customers; also scored as demand, so never reported as a movement anomaly. */
    SALE,
    /** A correction: stock count, write-off, damage, return to vendor. */
    ADJUSTMENT,
    /** Not known. */
    OTHER
}
