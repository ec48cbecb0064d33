package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.Anomaly;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.ForecastPoint;
import io.signalbox.agents.InventoryRecommendation;
import io.signalbox.store.Items;

/**
 * The agents' results as items (plain JSON, the same in both engines), snake_case as the seeds' tables are. Keys:
 * forecasts and recommendations by {@code sku} and {@code as_of} (the last day of history they were computed from,
 * so a rerun for the same day replaces its result); anomalies by {@code sku} and {@code anomaly_id}
 * ({@link Anomaly#id()}: {@code <date>#<subject>}, plus {@code #<movement id>} for a stock movement); every item
 * carries the {@code job} and {@code run_id} that wrote it and {@code generated_at}. Figures are
 * {@link Items#figure} (four decimals; 0 for NaN or an infinity, which DynamoDB's N cannot hold).
 */
public final class ResultItems {

    private ResultItems() {
    }

    public static ObjectNode forecast(Forecast f, LocalDate asOf, String job, String runId, String at) {
        ObjectNode item = common(f.sku(), asOf, job, runId, at);
        item.put("model", f.model().name().toLowerCase(Locale.ROOT));
        item.put("alpha", Items.figure(f.alpha()));
        item.put("beta", Items.figure(f.beta()));
        item.put("gamma", Items.figure(f.gamma()));
        item.put("season_period", Items.figure(f.seasonPeriod()));
        item.put("observations", Items.figure(f.observations()));
        item.put("rmse", Items.figure(f.rmse()));
        item.put("mae", Items.figure(f.mae()));
        item.put("residual_sd", Items.figure(f.residualSd()));
        item.put("level", Items.figure(f.level()));
        item.put("trend", Items.figure(f.trend()));
        item.put("interval_level", Items.figure(f.intervalLevel()));
        item.put("horizon_days", Items.figure(f.points().size()));
        item.put("next_7_days_mean", Items.figure(f.totalMean(7)));
        ArrayNode points = item.putArray("points");
        for (ForecastPoint p : f.points()) {
            points.addObject().put("date", p.date().toString()).put("mean", Items.figure(p.mean()))
                    .put("lower", Items.figure(p.lower())).put("upper", Items.figure(p.upper()));
        }
        return item;
    }

    public static ObjectNode recommendation(InventoryRecommendation r, boolean stockKnown, LocalDate asOf,
            String job, String runId, String at) {
        ObjectNode item = common(r.sku(), asOf, job, runId, at);
        item.setAll(recommendationFields(r));
        item.put("stock_known", stockKnown);
        return item;
    }

    /** The recommendation's figures alone (also nested in an inventory insight). */
    public static ObjectNode recommendationFields(InventoryRecommendation r) {
        ObjectNode item = Items.object();
        item.put("daily_mean", Items.figure(r.dailyMean()));
        item.put("daily_sd", Items.figure(r.dailySd()));
        item.put("demand_basis", text(r.demandBasis()));
        item.put("lead_time_days", Items.figure(r.leadTimeDays()));
        item.put("order_cost", Items.figure(r.orderCost()));
        item.put("holding_cost_per_unit_year", Items.figure(r.holdingCostPerUnitYear()));
        item.put("service_level", Items.figure(r.serviceLevel()));
        item.put("annual_demand", Items.figure(r.annualDemand()));
        item.put("eoq", Items.figure(r.eoq()));
        item.put("safety_stock", Items.figure(r.safetyStock()));
        item.put("reorder_point", Items.figure(r.reorderPoint()));
        item.put("on_hand", Items.figure(r.onHand()));
        item.put("on_order", Items.figure(r.onOrder()));
        item.put("inventory_position", Items.figure(r.inventoryPosition()));
        item.put("reorder", r.reorder());
        item.put("order_quantity", Items.figure(r.orderQuantity()));
        return item;
    }

    /** The forecast's summary alone (nested in an inventory insight). */
    public static ObjectNode forecastSummary(Forecast f) {
        ObjectNode item = Items.object();
        item.put("model", f.model().name().toLowerCase(Locale.ROOT));
        item.put("next_7_days_mean", Items.figure(f.totalMean(7)));
        item.put("horizon_days", Items.figure(f.points().size()));
        item.put("residual_sd", Items.figure(f.residualSd()));
        item.put("trend", Items.figure(f.trend()));
        return item;
    }

    public static ObjectNode anomaly(Anomaly a, String job, String runId, String at) {
        ObjectNode item = anomalyFields(a);
        item.put("sku", text(a.sku()));
        item.put("anomaly_id", text(a.id()));
        item.put("job", text(job));
        item.put("run_id", text(runId));
        item.put("generated_at", text(at));
        return item;
    }

    public static ObjectNode anomalyFields(Anomaly a) {
        ObjectNode item = Items.object();
        item.put("date", a.date().toString());
        item.put("subject", a.subject().name().toLowerCase(Locale.ROOT));
        item.put("value", Items.figure(a.value()));
        item.put("expected", Items.figure(a.expected()));
        item.put("robust_sd", Items.figure(a.robustSd()));
        item.put("score", Items.figure(a.score()));
        item.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        item.put("reason", text(a.reason()));
        return item;
    }

    private static ObjectNode common(String sku, LocalDate asOf, String job, String runId, String at) {
        ObjectNode item = Items.object();
        item.put("sku", text(sku));
        item.put("as_of", asOf.toString());
        item.put("job", text(job));
        item.put("run_id", text(runId));
        item.put("generated_at", text(at));
        return item;
    }

    /** A string attribute: null is written as the empty string, as the items always were. */
    static String text(String v) {
        return v == null ? "" : v;
    }
}
