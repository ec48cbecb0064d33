package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link StoredForecasts.Reads} on DynamoDB: BatchGetItem, 100 keys a request, a few requests at once, of only what
 * the rate needs (a projection: {@code sku}, {@code residual_sd} and the first points' means); keys DynamoDB leaves
 * unprocessed are asked again with backoff.
 */
public final class DynamoDbForecastReads implements StoredForecasts.Reads {

    private static final int KEYS_PER_REQUEST = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoDbForecastReads(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public List<ObjectNode> forecasts(List<String> skus, LocalDate asOf, int days) {
        ConcurrentLinkedQueue<ObjectNode> found = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < skus.size(); i += KEYS_PER_REQUEST) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String sku : skus.subList(i, Math.min(skus.size(), i + KEYS_PER_REQUEST))) {
                keys.add(Map.of("sku", AttributeValue.fromS(sku), "as_of", AttributeValue.fromS(asOf.toString())));
            }
            requests.add(get(Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression(projection(days)).build()), found, 1));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        return new ArrayList<>(found);
    }

    private CompletableFuture<Void> get(Map<String, KeysAndAttributes> request, ConcurrentLinkedQueue<ObjectNode> found,
            int attempt) {
        return dynamoDb.batchGetItem(b -> b.requestItems(request)).thenCompose(response -> {
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                found.add(DynamoItems.item(item));
            }
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty() || attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.completedFuture(null);
            }
            long delay = Math.min(2000, 25L << attempt);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> get(response.unprocessedKeys(), found, attempt + 1));
        });
    }

    /** Only what the rate needs: σ and the means of the first {@code days} points (DynamoDB returns just those). */
    static String projection(int days) {
        StringBuilder p = new StringBuilder("sku, residual_sd");
        for (int i = 0; i < days; i++) {
            p.append(", points[").append(i).append("].mean");
        }
        return p.toString();
    }
}
