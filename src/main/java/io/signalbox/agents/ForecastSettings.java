package io.signalbox.agents;

/**
 * How the forecaster works.
 *
 * @param horizonDays   days forecast after the last day of history (default 14)
 * @param intervalLevel probability each prediction interval holds (default 0.95)
 * @param seasonPeriod  days per season for Holt-Winters (default 7, a week)
 */
public record ForecastSettings(int horizonDays, double intervalLevel, int seasonPeriod) {

    public static final ForecastSettings DEFAULTS = new ForecastSettings(14, 0.95, 7);

    public ForecastSettings {
        if (horizonDays < 1 || horizonDays > 366) {
            throw new IllegalArgumentException("Forecast horizon must be 1 to 366 days, not " + horizonDays);
        }
        if (!(intervalLevel > 0 && intervalLevel < 1)) {
            throw new IllegalArgumentException("Prediction interval level must be between 0 and 1 (e.g. 0.95), not "
                    + intervalLevel);
        }
        if (seasonPeriod < 2) {
            throw new IllegalArgumentException("Season period must be at least 2 days, not " + seasonPeriod);
        }
    }
}
