package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.DemandRate;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Stores;
import io.signalbox.store.Tables;

/**
 * The demand rates optimisation works on, from the forecasts the forecasting job wrote for the same day
 * (02:00 forecasts, 03:00 optimises): the mean of the forecast over the lead time and its one-step error
 * standard deviation, exactly what {@link DemandRate#fromForecast} takes from a fresh forecast. The forecasts this
 * instance wrote are remembered (one per SKU, the latest day's), each rate taken from the item as stored, so the
 * usual day needs no read; the rest are read ({@link Reads}: on SQLite {@link Tables#getAll}, on DynamoDB
 * BatchGetItem of just the figures the rate needs, {@link DynamoDbForecastReads}). A SKU without a forecast for
 * the day is fitted afresh.
 */
public final class StoredForecasts {

    /** Reads stored forecast items. */
    @FunctionalInterface
    public interface Reads {

        /**
         * The forecast items of {@code skus} for {@code asOf} that exist, each with at least {@code sku},
         * {@code residual_sd} and the {@code mean} of its first {@code days} points.
         */
        List<ObjectNode> forecasts(List<String> skus, LocalDate asOf, int days);
    }

    private final Reads reads;
    private final double leadTimeDays;
    /** SKU to the rate of the latest forecast written here; at most one entry per SKU of the catalogue. */
    private final Map<String, Remembered> written = new ConcurrentHashMap<>();

    private record Remembered(LocalDate asOf, DemandRate rate) {
    }

    public StoredForecasts(Reads reads, double leadTimeDays) {
        this.reads = reads;
        this.leadTimeDays = leadTimeDays;
    }

    /** The forecasts of {@code table}, read in the engine of {@code stores}. */
    public static StoredForecasts of(Stores stores, String table, double leadTimeDays) {
        Tables tables = stores.tables();
        Reads reads = stores.<Reads>choose(sql -> (skus, asOf, days) -> all(tables, table, skus, asOf),
                ddb -> new DynamoDbForecastReads(ddb.async(), table));
        return new StoredForecasts(reads, leadTimeDays);
    }

    private static List<ObjectNode> all(Tables tables, String table, List<String> skus, LocalDate asOf) {
        List<ItemKey> keys = new ArrayList<>(skus.size());
        skus.forEach(sku -> keys.add(ItemKey.of(sku, asOf.toString())));
        return new ArrayList<>(tables.getAll(table, keys).join().values());
    }

    /** Notes the rate of a forecast item as it is written (its numbers as stored, so as a read would give them). */
    public void remember(String sku, LocalDate asOf, ObjectNode item) {
        DemandRate rate = rate(item, asOf, leadTimeDays);
        if (rate != null) {
            written.put(sku, new Remembered(asOf, rate));
        }
    }

    /** The rate per SKU that has a forecast for {@code asOf}. */
    public Map<String, DemandRate> rates(List<String> skus, LocalDate asOf) {
        Map<String, DemandRate> rates = new ConcurrentHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (String sku : skus) {
            Remembered r = written.get(sku);
            if (r != null && r.asOf().equals(asOf)) {
                rates.put(sku, r.rate());
            } else {
                unknown.add(sku);
            }
        }
        if (!unknown.isEmpty()) {
            for (ObjectNode item : reads.forecasts(unknown, asOf, days(leadTimeDays))) {
                DemandRate rate = rate(item, asOf, leadTimeDays);
                String sku = item.path("sku").asText(null);
                if (rate != null && sku != null) {
                    rates.put(sku, rate);
                }
            }
        }
        return rates;
    }

    /** The points the rate averages: ⌈L⌉, at least 1. */
    static int days(double leadTimeDays) {
        return (int) Math.max(1, Math.ceil(leadTimeDays));
    }

    /** As {@link DemandRate#fromForecast}: the mean of the first ⌈L⌉ points (1 to all), σ the residual sd. */
    static DemandRate rate(JsonNode item, LocalDate asOf, double leadTimeDays) {
        JsonNode points = item.get("points");
        JsonNode sd = item.get("residual_sd");
        if (points == null || !points.isArray() || points.isEmpty() || sd == null || !sd.isNumber()) {
            return null;
        }
        int days = Math.min(points.size(), days(leadTimeDays));
        double sum = 0;
        for (int i = 0; i < days; i++) {
            JsonNode mean = points.get(i).get("mean");
            if (mean == null || !mean.isNumber()) {
                return null;
            }
            sum += mean.doubleValue();
        }
        return new DemandRate(sum / days, sd.doubleValue(), "forecast of " + asOf + ", next " + days
                + (days == 1 ? " day" : " days"));
    }
}
