package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.signalbox.agents.DemandRate;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * The demand rates optimisation works on, from the forecasts the forecasting job wrote for the same day
 * (02:00 forecasts, 03:00 optimises): the mean of the forecast over the lead time and its one-step error
 * standard deviation, exactly what {@link DemandRate#fromForecast} takes from a fresh forecast. The forecasts this
 * instance wrote are remembered (one per SKU, the latest day's), each rate taken from the item as stored, so the
 * usual day needs no read; the rest are read with BatchGetItem, 100 keys a request, a few requests at once. A SKU
 * without a forecast for the day is fitted afresh.
 */
public final class StoredForecasts {

    private static final int KEYS_PER_REQUEST = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final double leadTimeDays;
    /** SKU to the rate of the latest forecast written here; at most one entry per SKU of the catalogue. */
    private final Map<String, Remembered> written = new ConcurrentHashMap<>();

    private record Remembered(LocalDate asOf, DemandRate rate) {
    }

    public StoredForecasts(DynamoDbAsyncClient dynamoDb, String table, double leadTimeDays) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.leadTimeDays = leadTimeDays;
    }

    /** Notes the rate of a forecast item as it is written (its numbers as stored, so as a read would give them). */
    public void remember(String sku, LocalDate asOf, Map<String, AttributeValue> item) {
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
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < unknown.size(); i += KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String sku : unknown.subList(i, Math.min(unknown.size(), i + KEYS_PER_REQUEST))) {
                keys.add(Map.of("sku", AttributeValue.fromS(sku), "as_of", AttributeValue.fromS(asOf.toString())));
            }
            requests.add(get(Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression(projection(leadTimeDays)).build()), rates, asOf, leadTimeDays, 1));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        return rates;
    }

    private CompletableFuture<Void> get(Map<String, KeysAndAttributes> request, Map<String, DemandRate> rates,
            LocalDate asOf, double leadTimeDays, int attempt) {
        return dynamoDb.batchGetItem(b -> b.requestItems(request)).thenCompose(response -> {
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                DemandRate rate = rate(item, asOf, leadTimeDays);
                if (rate != null) {
                    rates.put(item.get("sku").s(), rate);
                }
            }
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty() || attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.completedFuture(null);
            }
            long delay = Math.min(2000, 25L << attempt);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> get(response.unprocessedKeys(), rates, asOf, leadTimeDays, attempt + 1));
        });
    }

    /** Only what the rate needs: σ and the means of the first ⌈L⌉ points (DynamoDB returns just those). */
    static String projection(double leadTimeDays) {
        StringBuilder p = new StringBuilder("sku, residual_sd");
        int days = (int) Math.max(1, Math.ceil(leadTimeDays));
        for (int i = 0; i < days; i++) {
            p.append(", points[").append(i).append("].mean");
        }
        return p.toString();
    }

    /** As {@link DemandRate#fromForecast}: the mean of the first ⌈L⌉ points (1 to all), σ the residual sd. */
    static DemandRate rate(Map<String, AttributeValue> item, LocalDate asOf, double leadTimeDays) {
        AttributeValue points = item.get("points");
        AttributeValue sd = item.get("residual_sd");
        if (points == null || !points.hasL() || points.l().isEmpty() || sd == null || sd.n() == null) {
            return null;
        }
        int days = (int) Math.max(1, Math.min(points.l().size(), Math.ceil(leadTimeDays)));
        double sum = 0;
        for (int i = 0; i < days; i++) {
            sum += Double.parseDouble(points.l().get(i).m().get("mean").n());
        }
        return new DemandRate(sum / days, Double.parseDouble(sd.n()), "forecast of " + asOf + ", next " + days
                + (days == 1 ? " day" : " days"));
    }
}
