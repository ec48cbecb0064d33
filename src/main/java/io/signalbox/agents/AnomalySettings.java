package io.signalbox.agents;

/**
 * How anomaly detection scores and grades.
 *
 * @param baselineDays      days before a scored day that its expected value comes from (default 84, twelve weeks)
 * @param spreadDays        days before a scored day that the noise level (robust standard deviation) of seasonal
 *                          demand comes from (default 364, a year): noise changes slowly, and a longer window
 *                          makes it precise enough for the severity of a 5-sigma day not to be a coin toss
 * @param recentDays        days scored by {@link AnomalyDetector#detectDemand(DemandHistory)} and movements
 *                          scored by {@link AnomalyDetector#detectMovements}: the last ones (default 7)
 * @param seasonPeriod      days per season to compare like with like (default 7: Mondays with Mondays); 0 or 1
 *                          for none
 * @param minBaselineDays   a day with less history before it than this is not scored (default 14)
 * @param mediumThreshold   |z| from which an anomaly is reported, as {@link AnomalySeverity#MEDIUM} (default 3.5,
 *                          Iglewicz and Hoaglin's outlier cut-off for robust z-scores)
 * @param highThreshold     |z| from which it is {@link AnomalySeverity#HIGH} (default 6)
 * @param minRobustSd       the robust standard deviation is never taken below this many units (default 1):
 *                          demand comes in whole units, so a one-unit change is never an anomaly by itself, and a
 *                          baseline with no spread at all (MAD and mean deviation 0) still gives finite scores
 * @param minMovements      movements in one direction needed in the baseline to score that direction (default 8)
 */
public record AnomalySettings(int baselineDays, int spreadDays, int recentDays, int seasonPeriod, int minBaselineDays,
        double mediumThreshold, double highThreshold, double minRobustSd, int minMovements) {

    public static final AnomalySettings DEFAULTS = new AnomalySettings(84, 364, 7, 7, 14, 3.5, 6.0, 1.0, 8);

    public AnomalySettings {
        if (minBaselineDays < 3 || baselineDays < minBaselineDays) {
            throw new IllegalArgumentException("Anomaly baseline must be at least minBaselineDays (" + minBaselineDays
                    + ") days, itself at least 3; got " + baselineDays);
        }
        if (spreadDays < minBaselineDays) {
            throw new IllegalArgumentException("Anomaly spread window must be at least minBaselineDays ("
                    + minBaselineDays + ") days, not " + spreadDays);
        }
        if (recentDays < 1) {
            throw new IllegalArgumentException("Anomaly detection must score at least 1 recent day, not " + recentDays);
        }
        if (seasonPeriod < 0) {
            throw new IllegalArgumentException("Season period must be 0 (none) or more, not " + seasonPeriod);
        }
        if (!(mediumThreshold > 0) || !(highThreshold >= mediumThreshold)) {
            throw new IllegalArgumentException("Anomaly thresholds must satisfy 0 < medium <= high, not medium "
                    + mediumThreshold + " and high " + highThreshold);
        }
        if (!(minRobustSd > 0)) {
            throw new IllegalArgumentException("Minimum robust standard deviation must be more than 0, not "
                    + minRobustSd);
        }
        if (minMovements < 3) {
            throw new IllegalArgumentException("At least 3 movements are needed to score movements, not "
                    + minMovements);
        }
    }

    /** The severity of a robust z-score, or null below the medium threshold. */
    public AnomalySeverity severityOf(double score) {
        double a = Math.abs(score);
        return a >= highThreshold ? AnomalySeverity.HIGH : a >= mediumThreshold ? AnomalySeverity.MEDIUM : null;
    }
}
