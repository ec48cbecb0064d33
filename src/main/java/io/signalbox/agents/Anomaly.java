package io.signalbox.agents;

import java.time.LocalDate;

/**
 * Something unusual in a SKU's demand or stock movements.
 *
 * @param value    the day's demand, or the movement's quantity (negative out)
 * @param expected what was expected instead (same sign as {@code value} for a movement)
 * @param robustSd the robust standard deviation the score is measured in
 * @param score    the robust z-score: (value − expected) / robustSd for demand; for a movement, the same on its
 *                 size (always positive: only movements larger than usual are reported)
 * @param reason   one sentence a person can read
 */
public record Anomaly(String sku, AnomalySubject subject, LocalDate date, double value, double expected,
        double robustSd, double score, AnomalySeverity severity, String reason) {
}
