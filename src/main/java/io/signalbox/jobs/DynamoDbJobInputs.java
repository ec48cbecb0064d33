package io.signalbox.jobs;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.signalbox.agents.StockMovement;
import io.signalbox.inventory.MovementItems;
import io.signalbox.store.DynamoItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * {@link JobInputs} in DynamoDB, on the shared async client: orders, inventory and stock movements read with
 * parallel scans (a filter on {@code created_at} and on the movements' {@code date}), one SKU's stock with GetItem
 * and its movements with a Query of its partition.
 */
public class DynamoDbJobInputs implements JobInputs {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbJobInputs.class);
    private static final int SEGMENTS = 4;

    private final DynamoDbAsyncClient dynamoDb;
    private final String ordersTable;
    private final String inventoryTable;
    private final String movementsTable;

    public DynamoDbJobInputs(DynamoDbAsyncClient dynamoDb, String ordersTable, String inventoryTable,
            String movementsTable) {
        this.dynamoDb = dynamoDb;
        this.ordersTable = ordersTable;
        this.inventoryTable = inventoryTable;
        this.movementsTable = movementsTable;
    }

    /** The movements table ({@code io.signalbox.inventory.MovementLog}), scanned for the window's days. */
    @Override
    public Map<String, List<StockMovement>> movements(LocalDate from, LocalDate to, String onlySku) {
        if (movementsTable == null) {
            return Map.of();
        }
        List<CompletableFuture<Map<String, List<StockMovement>>>> segments = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", AttributeValue.fromS(from.toString()));
        values.put(":to", AttributeValue.fromS(to.toString()));
        String filter = "#d BETWEEN :from AND :to";
        if (onlySku != null) {
            // one SKU (a run for one SKU, the real-time workflow): its partition alone
            values.put(":sku", AttributeValue.fromS(onlySku));
            Map<String, List<StockMovement>> part = new HashMap<>();
            QueryRequest query = QueryRequest.builder().tableName(movementsTable).keyConditionExpression("item_id = :sku")
                    .filterExpression(filter).expressionAttributeNames(Map.of("#d", "date"))
                    .expressionAttributeValues(values).build();
            segments.add(dynamoDb.queryPaginator(query).subscribe(page -> bySku(page.items(), part))
                    .thenApply(v -> part));
        } else {
            for (int i = 0; i < SEGMENTS; i++) {
                Map<String, List<StockMovement>> part = new HashMap<>();
                ScanRequest request = ScanRequest.builder().tableName(movementsTable).segment(i).totalSegments(SEGMENTS)
                        .filterExpression(filter).expressionAttributeNames(Map.of("#d", "date"))
                        .expressionAttributeValues(values).build();
                segments.add(dynamoDb.scanPaginator(request).subscribe(page -> bySku(page.items(), part))
                        .thenApply(v -> part));
            }
        }
        try {
            CompletableFuture.allOf(segments.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResourceNotFoundException r) {
                throw new IllegalStateException("The anomaly job reads table " + movementsTable
                        + " (signalbox.jobs.movements-table): " + r.getMessage(), r);
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        Map<String, List<StockMovement>> all = new HashMap<>();
        segments.forEach(f -> f.join().forEach((sku, list) -> all.computeIfAbsent(sku, k -> new ArrayList<>()).addAll(list)));
        all.values().forEach(list -> list.sort(Comparator.comparing(StockMovement::date)));
        return all;
    }

    /** Adds the movement items of a page to their SKU's list. */
    private static void bySku(List<Map<String, AttributeValue>> items, Map<String, List<StockMovement>> into) {
        for (Map<String, AttributeValue> item : items) {
            StockMovement m = MovementItems.movement(DynamoItems.item(item));
            if (m != null && item.get("item_id") != null && item.get("item_id").s() != null) {
                into.computeIfAbsent(item.get("item_id").s(), k -> new ArrayList<>()).add(m);
            }
        }
    }

    @Override
    public List<SkuWork> load(LocalDate asOf, int days, String onlySku) {
        LocalDate start = asOf.minusDays(days - 1L);
        CompletableFuture<Map<String, double[]>> demand = demand(start, asOf, onlySku);
        CompletableFuture<Map<String, double[]>> stock = stock(onlySku);
        Map<String, double[]> d;
        Map<String, double[]> s;
        try {
            d = demand.join();
            s = stock.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof ResourceNotFoundException r) {
                throw new IllegalStateException("The jobs read tables " + ordersTable + " and " + inventoryTable
                        + " (signalbox.jobs.orders-table, signalbox.jobs.inventory-table): " + r.getMessage(), r);
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        return SkuWork.of(start, days, d, s);
    }

    /** Daily demand per item from {@code start} to {@code end} (UTC days, both included). */
    public CompletableFuture<Map<String, double[]>> demand(LocalDate start, LocalDate end, String onlySku) {
        int days = (int) ChronoUnit.DAYS.between(start, end) + 1;
        List<CompletableFuture<Map<String, double[]>>> segments = new ArrayList<>();
        int[] skipped = new int[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            int segment = i;
            Map<String, double[]> part = new HashMap<>();
            ScanRequest request = ScanRequest.builder().tableName(ordersTable).segment(segment).totalSegments(SEGMENTS)
                    .projectionExpression("created_at, #items")
                    // ISO-8601 instants in UTC sort as text: a cheap pre-filter, the day is checked on parsing
                    .filterExpression("created_at >= :from AND created_at < :to")
                    .expressionAttributeNames(Map.of("#items", "items"))
                    .expressionAttributeValues(Map.of(":from", AttributeValue.fromS(start.toString()),
                            ":to", AttributeValue.fromS(end.plusDays(1).toString())))
                    .build();
            segments.add(dynamoDb.scanPaginator(request).subscribe(page -> {
                for (Map<String, AttributeValue> order : page.items()) {
                    int day = dayIndex(order.get("created_at"), start, days);
                    if (day < 0) {
                        skipped[segment]++;
                        continue;
                    }
                    AttributeValue items = order.get("items");
                    if (items == null || !items.hasL()) {
                        continue;
                    }
                    for (AttributeValue line : items.l()) {
                        if (!line.hasM()) {
                            continue;
                        }
                        AttributeValue item = line.m().get("item_id");
                        AttributeValue quantity = line.m().get("quantity");
                        if (item == null || item.s() == null || quantity == null || quantity.n() == null
                                || onlySku != null && !onlySku.equals(item.s())) {
                            continue;
                        }
                        part.computeIfAbsent(item.s(), k -> new double[days])[day] += Double.parseDouble(quantity.n());
                    }
                }
            }).thenApply(v -> part));
        }
        return CompletableFuture.allOf(segments.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, double[]> all = new HashMap<>();
            for (CompletableFuture<Map<String, double[]>> f : segments) {
                f.join().forEach((sku, values) -> all.merge(sku, values, (a, b) -> {
                    for (int i = 0; i < a.length; i++) {
                        a[i] += b[i];
                    }
                    return a;
                }));
            }
            int bad = 0;
            for (int n : skipped) {
                bad += n;
            }
            if (bad > 0) {
                LOG.warn("{} order(s) in {} have a created_at that is not an ISO-8601 instant: left out of demand",
                        bad, ordersTable);
            }
            return all;
        });
    }

    /** {on hand, on order} per item, or only {@code onlySku}'s. */
    public CompletableFuture<Map<String, double[]>> stock(String onlySku) {
        if (onlySku != null) {
            return dynamoDb.getItem(b -> b.tableName(inventoryTable).key(Map.of("item_id", AttributeValue.fromS(onlySku))))
                    .thenApply(r -> {
                        Map<String, double[]> one = new HashMap<>();
                        if (r.hasItem() && !r.item().isEmpty()) {
                            one.put(onlySku, position(r.item()));
                        }
                        return one;
                    });
        }
        List<CompletableFuture<Map<String, double[]>>> segments = new ArrayList<>();
        for (int i = 0; i < SEGMENTS; i++) {
            Map<String, double[]> part = new HashMap<>();
            ScanRequest request = ScanRequest.builder().tableName(inventoryTable).segment(i).totalSegments(SEGMENTS)
                    .projectionExpression("item_id, quantity, on_order").build();
            segments.add(dynamoDb.scanPaginator(request).subscribe(page -> {
                for (Map<String, AttributeValue> item : page.items()) {
                    if (item.get("item_id") != null && item.get("item_id").s() != null) {
                        part.put(item.get("item_id").s(), position(item));
                    }
                }
            }).thenApply(v -> part));
        }
        return CompletableFuture.allOf(segments.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<String, double[]> all = new HashMap<>();
            segments.forEach(f -> all.putAll(f.join()));
            return all;
        });
    }

    private static double[] position(Map<String, AttributeValue> item) {
        return new double[] {number(item.get("quantity")), number(item.get("on_order"))};
    }

    private static double number(AttributeValue v) {
        return v == null || v.n() == null ? 0 : Double.parseDouble(v.n());
    }

    private static int dayIndex(AttributeValue createdAt, LocalDate start, int days) {
        if (createdAt == null || createdAt.s() == null) {
            return -1;
        }
        try {
            LocalDate day = Instant.parse(createdAt.s()).atZone(ZoneOffset.UTC).toLocalDate();
            long index = ChronoUnit.DAYS.between(start, day);
            return index < 0 || index >= days ? -1 : (int) index;
        } catch (DateTimeException e) {
            return -1;
        }
    }
}
