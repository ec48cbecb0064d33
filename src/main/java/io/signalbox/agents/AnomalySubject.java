package io.signalbox.agents;

/** What an anomaly was found in. */
public enum AnomalySubject {
    /** A day's demand. */
    DEMAND,
    /** One stock movement (a receipt, a sale, an adjustment). */
    STOCK_MOVEMENT
}
