package io.signalbox.agents;

/** Which exponential-smoothing model produced a forecast. */
public enum ForecastModel {
    /** Holt's linear method: level and trend (ETS(A,A,N)). */
    HOLT,
    /** Additive Holt-Winters: level, trend and a weekly season (ETS(A,A,A)); needs two full seasons of history. */
    HOLT_WINTERS,
    /** The mean of the history, for a SKU with fewer than three days of it; nothing to fit yet. */
    MEAN
}
