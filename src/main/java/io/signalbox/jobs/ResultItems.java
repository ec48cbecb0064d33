package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.signalbox.agents.Anomaly;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.ForecastPoint;
import io.signalbox.agents.InventoryRecommendation;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The agents' results as DynamoDB items, snake_case as the seeds' tables are. Keys: forecasts and
 * recommendations by {@code sku} and {@code as_of} (the last day of history they were computed from, so a rerun
 * for the same day replaces its result); anomalies by {@code sku} and {@code anomaly_id}
 * ({@link Anomaly#id()}: {@code <date>#<subject>}, plus {@code #<movement id>} for a stock movement); every item carries the {@code job} and {@code run_id} that wrote it and
 * {@code generated_at}.
 */
public final class ResultItems {

    private ResultItems() {
    }

    public static Map<String, AttributeValue> forecast(Forecast f, LocalDate asOf, String job, String runId, String at) {
        Map<String, AttributeValue> item = common(f.sku(), asOf, job, runId, at);
        item.put("model", s(f.model().name().toLowerCase(Locale.ROOT)));
        item.put("alpha", n(f.alpha()));
        item.put("beta", n(f.beta()));
        item.put("gamma", n(f.gamma()));
        item.put("season_period", n(f.seasonPeriod()));
        item.put("observations", n(f.observations()));
        item.put("rmse", n(f.rmse()));
        item.put("mae", n(f.mae()));
        item.put("residual_sd", n(f.residualSd()));
        item.put("level", n(f.level()));
        item.put("trend", n(f.trend()));
        item.put("interval_level", n(f.intervalLevel()));
        item.put("horizon_days", n(f.points().size()));
        item.put("next_7_days_mean", n(f.totalMean(7)));
        List<AttributeValue> points = new ArrayList<>(f.points().size());
        for (ForecastPoint p : f.points()) {
            points.add(AttributeValue.fromM(Map.of("date", s(p.date().toString()), "mean", n(p.mean()),
                    "lower", n(p.lower()), "upper", n(p.upper()))));
        }
        item.put("points", AttributeValue.fromL(points));
        return item;
    }

    public static Map<String, AttributeValue> recommendation(InventoryRecommendation r, boolean stockKnown, LocalDate asOf,
            String job, String runId, String at) {
        Map<String, AttributeValue> item = common(r.sku(), asOf, job, runId, at);
        item.putAll(recommendationFields(r));
        item.put("stock_known", AttributeValue.fromBool(stockKnown));
        return item;
    }

    /** The recommendation's figures alone (also nested in an inventory insight). */
    public static Map<String, AttributeValue> recommendationFields(InventoryRecommendation r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("daily_mean", n(r.dailyMean()));
        item.put("daily_sd", n(r.dailySd()));
        item.put("demand_basis", s(r.demandBasis()));
        item.put("lead_time_days", n(r.leadTimeDays()));
        item.put("order_cost", n(r.orderCost()));
        item.put("holding_cost_per_unit_year", n(r.holdingCostPerUnitYear()));
        item.put("service_level", n(r.serviceLevel()));
        item.put("annual_demand", n(r.annualDemand()));
        item.put("eoq", n(r.eoq()));
        item.put("safety_stock", n(r.safetyStock()));
        item.put("reorder_point", n(r.reorderPoint()));
        item.put("on_hand", n(r.onHand()));
        item.put("on_order", n(r.onOrder()));
        item.put("inventory_position", n(r.inventoryPosition()));
        item.put("reorder", AttributeValue.fromBool(r.reorder()));
        item.put("order_quantity", n(r.orderQuantity()));
        return item;
    }

    /** The forecast's summary alone (nested in an inventory insight). */
    public static Map<String, AttributeValue> forecastSummary(Forecast f) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("model", s(f.model().name().toLowerCase(Locale.ROOT)));
        item.put("next_7_days_mean", n(f.totalMean(7)));
        item.put("horizon_days", n(f.points().size()));
        item.put("residual_sd", n(f.residualSd()));
        item.put("trend", n(f.trend()));
        return item;
    }

    public static Map<String, AttributeValue> anomaly(Anomaly a, String job, String runId, String at) {
        Map<String, AttributeValue> item = new HashMap<>(anomalyFields(a));
        item.put("sku", s(a.sku()));
        item.put("anomaly_id", s(a.id()));
        item.put("job", s(job));
        item.put("run_id", s(runId));
        item.put("generated_at", s(at));
        return item;
    }

    public static Map<String, AttributeValue> anomalyFields(Anomaly a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("date", s(a.date().toString()));
        item.put("subject", s(a.subject().name().toLowerCase(Locale.ROOT)));
        item.put("value", n(a.value()));
        item.put("expected", n(a.expected()));
        item.put("robust_sd", n(a.robustSd()));
        item.put("score", n(a.score()));
        item.put("severity", s(a.severity().name().toLowerCase(Locale.ROOT)));
        item.put("reason", s(a.reason()));
        return item;
    }

    private static Map<String, AttributeValue> common(String sku, LocalDate asOf, String job, String runId, String at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("sku", s(sku));
        item.put("as_of", s(asOf.toString()));
        item.put("job", s(job));
        item.put("run_id", s(runId));
        item.put("generated_at", s(at));
        return item;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v == null ? "" : v);
    }

    /** A number; DynamoDB has no NaN nor infinity, and four decimals are plenty for people and charts. */
    static AttributeValue n(double v) {
        if (!Double.isFinite(v)) {
            return AttributeValue.fromN("0");
        }
        return AttributeValue.fromN(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : java.math.BigDecimal.valueOf(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
    }
}
