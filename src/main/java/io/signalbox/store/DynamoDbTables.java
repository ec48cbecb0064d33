package io.signalbox.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** {@link Tables} on DynamoDB, through the shared async client; items converted by {@link DynamoItems}. */
public final class DynamoDbTables implements Tables {

    /** BatchWriteItem's limit. */
    static final int BATCH = 25;
    /** BatchGetItem's limit. */
    static final int GET_BATCH = 100;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final List<ResourceDeclarations.Table> declared;

    public DynamoDbTables(DynamoDbAsyncClient dynamoDb, List<ResourceDeclarations.Table> declared) {
        this.dynamoDb = dynamoDb;
        this.declared = List.copyOf(declared);
    }

    @Override
    public List<ResourceDeclarations.Table> tables() {
        return declared;
    }

    @Override
    public CompletableFuture<Long> count(String table) {
        table(table);
        return dynamoDb.describeTable(b -> b.tableName(table)).thenApply(r -> r.table().itemCount());
    }

    @Override
    public CompletableFuture<ObjectNode> get(String table, ItemKey key) {
        ResourceDeclarations.Table t = table(table);
        return dynamoDb.getItem(b -> b.tableName(table).key(key(t, key)).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? DynamoItems.item(r.item()) : null);
    }

    @Override
    public CompletableFuture<Map<ItemKey, ObjectNode>> getAll(String table, Collection<ItemKey> keys) {
        ResourceDeclarations.Table t = table(table);
        Map<ItemKey, ObjectNode> found = new java.util.concurrent.ConcurrentHashMap<>();
        List<ItemKey> all = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < all.size(); i += GET_BATCH) {
            List<Map<String, AttributeValue>> chunk = new ArrayList<>();
            for (ItemKey k : all.subList(i, Math.min(all.size(), i + GET_BATCH))) {
                chunk.add(key(t, k));
            }
            requests.add(getBatch(t, Map.of(table, KeysAndAttributes.builder().keys(chunk).consistentRead(true).build()),
                    found, 1));
        }
        return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply(v -> {
            Map<ItemKey, ObjectNode> ordered = new LinkedHashMap<>();
            for (ItemKey k : all) {
                ObjectNode item = found.get(k);
                if (item != null) {
                    ordered.put(k, item);
                }
            }
            return ordered;
        });
    }

    private CompletableFuture<Void> getBatch(ResourceDeclarations.Table t, Map<String, KeysAndAttributes> request,
            Map<ItemKey, ObjectNode> found, int attempt) {
        return dynamoDb.batchGetItem(b -> b.requestItems(request)).thenCompose(response -> {
            for (Map<String, AttributeValue> item : response.responses().getOrDefault(t.name(), List.of())) {
                ObjectNode json = DynamoItems.item(item);
                found.put(keyOf(t, json), json);
            }
            if (!response.hasUnprocessedKeys() || response.unprocessedKeys().isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.failedFuture(new StoreException("BatchGetItem on " + t.name()
                        + " left keys unprocessed after " + attempt + " attempts", null));
            }
            return later(backoff(attempt)).thenCompose(v -> getBatch(t, response.unprocessedKeys(), found, attempt + 1));
        });
    }

    @Override
    public CompletableFuture<Page> scan(String table, int limit, ItemKey start) {
        ResourceDeclarations.Table t = table(table);
        return dynamoDb.scan(b -> b.tableName(table).limit(limit).consistentRead(true)
                        .exclusiveStartKey(start == null ? null : key(t, start)))
                .thenApply(r -> page(t, r.items(), r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null));
    }

    @Override
    public CompletableFuture<Page> query(String table, String partition, SortCondition condition, int limit,
            ItemKey start, boolean forward) {
        ResourceDeclarations.Table t = table(table);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#pk", t.partitionKey());
        values.put(":pk", AttributeValue.fromS(partition));
        String expression = "#pk = :pk";
        if (condition != null) {
            names.put("#sk", t.sortKey());
            values.put(":v", AttributeValue.fromS(condition.value()));
            expression += switch (condition.op()) {
                case EQ -> " AND #sk = :v";
                case LT -> " AND #sk < :v";
                case LE -> " AND #sk <= :v";
                case GT -> " AND #sk > :v";
                case GE -> " AND #sk >= :v";
                case BETWEEN -> " AND #sk BETWEEN :v AND :u";
                case BEGINS_WITH -> " AND begins_with(#sk, :v)";
            };
            if (condition.op() == SortCondition.Op.BETWEEN) {
                values.put(":u", AttributeValue.fromS(condition.upper()));
            }
        }
        QueryRequest request = QueryRequest.builder().tableName(table).keyConditionExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values).limit(limit).consistentRead(true)
                .scanIndexForward(forward).exclusiveStartKey(start == null ? null : key(t, start)).build();
        return dynamoDb.query(request)
                .thenApply(r -> page(t, r.items(), r.hasLastEvaluatedKey() ? r.lastEvaluatedKey() : null));
    }

    @Override
    public CompletableFuture<Void> put(String table, ObjectNode item) {
        ResourceDeclarations.Table t = table(table);
        keyOf(t, item);
        return dynamoDb.putItem(b -> b.tableName(table).item(DynamoItems.attributes(item))).thenApply(r -> null);
    }

    @Override
    public CompletableFuture<Boolean> putIfAbsent(String table, ObjectNode item) {
        ResourceDeclarations.Table t = table(table);
        keyOf(t, item);
        return dynamoDb.putItem(b -> b.tableName(table).item(DynamoItems.attributes(item))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", t.partitionKey())))
                .thenApply(r -> true)
                .exceptionallyCompose(e -> cause(e) instanceof ConditionalCheckFailedException
                        ? CompletableFuture.completedFuture(false) : CompletableFuture.failedFuture(cause(e)));
    }

    @Override
    public CompletableFuture<Void> delete(String table, ItemKey key) {
        ResourceDeclarations.Table t = table(table);
        return dynamoDb.deleteItem(b -> b.tableName(table).key(key(t, key))).thenApply(r -> null);
    }

    @Override
    public ItemBatch batch(int maxInFlight) {
        return new Batch(maxInFlight);
    }

    /** The DynamoDB key of {@code key} in table {@code t}. */
    public static Map<String, AttributeValue> key(ResourceDeclarations.Table t, ItemKey key) {
        if (t.sortKey() == null) {
            return Map.of(t.partitionKey(), AttributeValue.fromS(key.partition()));
        }
        if (key.sort() == null) {
            throw new IllegalArgumentException("Table " + t.name() + " is keyed by " + t.partitionKey() + " and "
                    + t.sortKey() + ": the key " + key + " has no sort key");
        }
        return Map.of(t.partitionKey(), AttributeValue.fromS(key.partition()), t.sortKey(), AttributeValue.fromS(key.sort()));
    }

    static ItemKey keyOf(ResourceDeclarations.Table t, ObjectNode item) {
        String p = Items.text(item, t.partitionKey());
        if (p == null || p.isEmpty()) {
            throw new IllegalArgumentException("An item of " + t.name() + " needs its partition key "
                    + t.partitionKey() + " as a non-empty string");
        }
        if (t.sortKey() == null) {
            return ItemKey.of(p);
        }
        String s = Items.text(item, t.sortKey());
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("An item of " + t.name() + " needs its sort key " + t.sortKey()
                    + " as a non-empty string");
        }
        return ItemKey.of(p, s);
    }

    private static Page page(ResourceDeclarations.Table t, List<Map<String, AttributeValue>> items,
            Map<String, AttributeValue> last) {
        List<ObjectNode> json = new ArrayList<>(items.size());
        items.forEach(i -> json.add(DynamoItems.item(i)));
        ItemKey next = null;
        if (last != null && !last.isEmpty()) {
            AttributeValue s = t.sortKey() == null ? null : last.get(t.sortKey());
            next = ItemKey.of(last.get(t.partitionKey()).s(), s == null ? null : s.s());
        }
        return new Page(json, next);
    }

    static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static long backoff(int attempt) {
        return Math.min(2000, 25L << attempt) + ThreadLocalRandom.current().nextLong(25);
    }

    private static CompletableFuture<Void> later(long millis) {
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

    /**
     * BatchWriteItem, 25 items to a request (DynamoDB's limit), at most {@code maxInFlight} requests outstanding;
     * items DynamoDB leaves unprocessed are retried with backoff.
     */
    private final class Batch extends BufferedItemBatch<Map.Entry<String, WriteRequest>> {

        Batch(int maxInFlight) {
            super(BATCH, maxInFlight, "DynamoDB");
        }

        @Override
        Map.Entry<String, WriteRequest> row(String table, ObjectNode item) {
            keyOf(table(table), item);
            return Map.entry(table, WriteRequest.builder()
                    .putRequest(PutRequest.builder().item(DynamoItems.attributes(item)).build()).build());
        }

        @Override
        CompletableFuture<Integer> write(List<Map.Entry<String, WriteRequest>> rows) {
            Map<String, List<WriteRequest>> byTable = new HashMap<>();
            rows.forEach(e -> byTable.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return write(byTable, rows.size(), 0, 1);
        }

        /** One BatchWriteItem of {@code count} items and, after backoff, one for what it left unprocessed. */
        private CompletableFuture<Integer> write(Map<String, List<WriteRequest>> requests, int count, int sofar,
                int attempt) {
            return dynamoDb.batchWriteItem(b -> b.requestItems(requests)).thenCompose(response -> {
                Map<String, List<WriteRequest>> left = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                int leftCount = left.values().stream().mapToInt(List::size).sum();
                int written = sofar + count - leftCount;
                if (leftCount == 0) {
                    return CompletableFuture.completedFuture(written);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    return CompletableFuture.failedFuture(new IllegalStateException(leftCount
                            + " item(s) still unprocessed after " + attempt + " BatchWriteItem attempts"));
                }
                return later(backoff(attempt)).thenCompose(v -> write(left, leftCount, written, attempt + 1));
            });
        }
    }
}
