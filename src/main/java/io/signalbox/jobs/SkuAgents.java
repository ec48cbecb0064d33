package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.signalbox.agents.Anomaly;
import io.signalbox.agents.StockMovement;
import io.signalbox.agents.AnomalyDetector;
import io.signalbox.agents.DemandForecaster;
import io.signalbox.agents.DemandHistory;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.InventoryOptimiser;
import io.signalbox.agents.InventoryPolicy;
import io.signalbox.agents.InventoryRecommendation;
import io.signalbox.agents.SkuReport;
import io.signalbox.agents.StockPosition;

/**
 * The agents applied to one SKU's {@link SkuWork}: the per-SKU code path every job and the real-time inventory
 * workflow share. Plain Java, thread-safe (the agents hold only their settings).
 */
public final class SkuAgents {

    private final DemandForecaster forecaster;
    private final InventoryOptimiser optimiser = new InventoryOptimiser();
    private final AnomalyDetector detector = new AnomalyDetector();
    private final InventoryPolicy policy;

    public SkuAgents(AgentSettings settings) {
        this.forecaster = new DemandForecaster(settings.forecast());
        this.policy = settings.policy();
    }

    /** The SKU's demand history; fails (for this SKU only) on a negative or non-finite day of demand. */
    public DemandHistory history(SkuWork work) {
        return new DemandHistory(work.sku(), work.start(), work.demand());
    }

    public Forecast forecast(SkuWork work) {
        return forecaster.forecast(history(work));
    }

    /** Optimisation on the forecast's demand rate over the lead time (the forward-looking basis). */
    public InventoryRecommendation optimise(SkuWork work) {
        return optimise(work, forecast(work));
    }

    public InventoryRecommendation optimise(SkuWork work, Forecast forecast) {
        return optimise(work, DemandRate.fromForecast(forecast, Math.max(1, policy.leadTimeDays())));
    }

    /** Optimisation on a demand rate known already (the day's stored forecast); the history is still checked. */
    public InventoryRecommendation optimise(SkuWork work, DemandRate rate) {
        history(work);
        return optimiser.optimise(work.sku(), rate, policy, new StockPosition(work.sku(), work.onHand(), work.onOrder()));
    }

    public InventoryPolicy policy() {
        return policy;
    }

    /**
     * The SKU's anomalies: demand of the last days of the history (the detector's recent window, a week by
     * default), then its stock movements of the recent window up to {@code movementsAsOf} (receipts and
     * adjustments larger than usual).
     */
    public List<Anomaly> anomalies(SkuWork work, List<StockMovement> movements, LocalDate movementsAsOf) {
        return anomalies(work.sku(), history(work), movements, movementsAsOf);
    }

    private List<Anomaly> anomalies(String sku, DemandHistory history, List<StockMovement> movements,
            LocalDate movementsAsOf) {
        List<Anomaly> anomalies = new ArrayList<>(detector.detectDemand(history));
        anomalies.addAll(detector.detectMovements(sku, movements, movementsAsOf));
        return anomalies;
    }

    /** The first day of the movements {@link #anomalies} needs for {@code asOf}. */
    public LocalDate movementsFrom(LocalDate asOf) {
        return detector.movementsFrom(asOf);
    }

    /** Everything the weekly report shows for the SKU: its anomalies are the demand's and the stock movements'. */
    public SkuReport report(SkuWork work, List<StockMovement> movements) {
        DemandHistory history = history(work);
        Forecast forecast = forecaster.forecast(history);
        return new SkuReport(work.sku(), null, null, history, forecast, optimise(work, forecast),
                anomalies(work.sku(), history, movements, work.asOf()));
    }
}
