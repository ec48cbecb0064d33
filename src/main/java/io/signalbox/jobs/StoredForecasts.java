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
 * standard deviation, exactly what {@link DemandRate#fromForecast} takes from a fresh forecast. Read with
 * BatchGetItem, 100 keys a request, a few requests at once; a SKU without a forecast for the day is fitted afresh.
 */
public final class StoredForecasts {

    private static final int KEYS_PER_REQUEST = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public StoredForecasts(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    /** The rate per SKU that has a forecast for {@code asOf}. */
    public Map<String, DemandRate> rates(List<String> skus, LocalDate asOf, double leadTimeDays) {
        Map<String, DemandRate> rates = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < skus.size(); i += KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String sku : skus.subList(i, Math.min(skus.size(), i + KEYS_PER_REQUEST))) {
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
