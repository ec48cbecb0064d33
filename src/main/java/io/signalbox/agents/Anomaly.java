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
 * @param ref      which of the day's occurrences it is: null for demand (one value a day); for a stock movement the
 *                 movement's id, or its place among the day's movements when it has none, since a SKU can have
 *                 several unusual movements in one day
 */
public record Anomaly(String sku, AnomalySubject subject, LocalDate date, double value, double expected,
        double robustSd, double score, AnomalySeverity severity, String reason, String ref) {

    /** An anomaly that is the only one of its subject that day (demand). */
    public Anomaly(String sku, AnomalySubject subject, LocalDate date, double value, double expected,
            double robustSd, double score, AnomalySeverity severity, String reason) {
        this(sku, subject, date, value, expected, robustSd, score, severity, reason, null);
    }

    /**
     * Its key among the SKU's anomalies: {@code <date>#<subject>}, then {@code #<ref>} for one of several a day,
     * so that two unusual movements of one day are two anomalies, and a rerun over the same data rewrites them.
     */
    public String id() {
        String base = date + "#" + subject.name().toLowerCase(java.util.Locale.ROOT);
        return ref == null ? base : base + "#" + ref;
    }
}
