package io.signalbox.agents;

import java.util.List;

/**
 * A SKU's demand forecast and how it was made.
 *
 * <p>The smoothing parameters are those of the component form (Hyndman &amp; Athanasopoulos, FPP §8.2–8.3):
 * {@code alpha} weights the level, {@code beta} (β*) the trend, {@code gamma} the season; 0 where the model has
 * no such component. The fit error is one-step-ahead over the whole history.
 *
 * @param model         the model chosen
 * @param seasonPeriod  days per season for {@link ForecastModel#HOLT_WINTERS}, else 0
 * @param observations  days of history fitted
 * @param rmse          root mean squared one-step-ahead error
 * @param mae           mean absolute one-step-ahead error
 * @param residualSd    σ, the one-step error standard deviation the intervals are built on (SSE over the
 *                      degrees of freedom left after the fitted parameters and initial states)
 * @param level         the level at the last day of history
 * @param trend         the trend (units per day) at the last day of history
 * @param intervalLevel probability each point's interval holds
 * @param points        one per forecast day, horizon 1 first
 */
public record Forecast(String sku, ForecastModel model, double alpha, double beta, double gamma, int seasonPeriod,
        int observations, double rmse, double mae, double residualSd, double level, double trend,
        double intervalLevel, List<ForecastPoint> points) {

    public Forecast {
        points = List.copyOf(points);
    }

    /** Expected demand summed over the first {@code days} forecast days (all of them when fewer). */
    public double totalMean(int days) {
        double sum = 0;
        for (int i = 0; i < Math.min(days, points.size()); i++) {
            sum += points.get(i).mean();
        }
        return sum;
    }
}
