package io.signalbox.agents;

/**
 * Daily demand as inventory optimisation needs it: the mean d̄ and the standard deviation σ<sub>d</sub> of one
 * day's demand, with where they came from.
 *
 * @param basis a few words for people, e.g. "forecast, next 7 days" or "history, last 90 days"
 */
public record DemandRate(double dailyMean, double dailySd, String basis) {

    public DemandRate {
        if (!(dailyMean >= 0) || Double.isInfinite(dailyMean)) {
            throw new IllegalArgumentException("Daily mean demand must be 0 or more, not " + dailyMean);
        }
        if (!(dailySd >= 0) || Double.isInfinite(dailySd)) {
            throw new IllegalArgumentException("Daily demand standard deviation must be 0 or more, not " + dailySd);
        }
    }

    /**
     * Forward-looking: d̄ is the forecast mean over the next {@code leadTimeDays} (at least 1 day, at most the
     * horizon), so a trend or a weekly peak inside the lead time counts; σ<sub>d</sub> is the forecast's one-step
     * error standard deviation, the part of daily demand the model cannot predict. This is the preferred basis.
     */
    public static DemandRate fromForecast(Forecast forecast, double leadTimeDays) {
        int days = (int) Math.max(1, Math.min(forecast.points().size(), Math.ceil(leadTimeDays)));
        return new DemandRate(forecast.totalMean(days) / days, forecast.residualSd(),
                "forecast, next " + days + (days == 1 ? " day" : " days"));
    }

    /**
     * Backward-looking, the textbook basis: mean and sample standard deviation of the last {@code days} days of
     * history. Weekly seasonality counts as variability here, so safety stock comes out higher than from a
     * forecast.
     */
    public static DemandRate fromHistory(DemandHistory history, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, not " + days);
        }
        double[] y = history.values();
        int n = Math.min(days, y.length);
        if (n == 0) {
            throw new IllegalArgumentException("SKU " + history.sku() + " has no demand history");
        }
        double sum = 0;
        for (int i = y.length - n; i < y.length; i++) {
            sum += y[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = y.length - n; i < y.length; i++) {
            ss += (y[i] - mean) * (y[i] - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        return new DemandRate(mean, sd, "history, last " + n + (n == 1 ? " day" : " days"));
    }
}
