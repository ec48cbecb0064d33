package io.signalbox.agents;

/** How far out an anomaly is; see {@link AnomalySettings} for the thresholds. */
public enum AnomalySeverity {
    /** Worth a look: beyond the usual outlier cut-off (|z| ≥ 3.5 by default). */
    MEDIUM,
    /**
     * Far beyond what noise produces (|z| ≥ 6 by default): a data error, a stock-out, a promotion nobody told
     * us of.
     */
    HIGH
}
