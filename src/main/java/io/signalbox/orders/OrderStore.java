package io.signalbox.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The {@code orders} table, on the shared async DynamoDB client. Item contract (the agent jobs read it):
 * {@code order_id} S (partition key), {@code customer_id} S, {@code items} L of M {@code {item_id S, quantity N,
 * price N}}, {@code total} N, {@code status} S ({@code created} | {@code completed}), {@code created_at} S,
 * {@code updated_at} S; plus {@code created_event_id} S, the idempotency key of the event that created it, so
 * that a redelivery of that event can be told from a second {@code Order Created} for the same order.
 */
public final class OrderStore {

    public static final String CREATED = "created";
    public static final String COMPLETED = "completed";

    /** What a create did. */
    public enum Created { STORED, ALREADY_STORED_BY_THIS_EVENT, DUPLICATE }

    /** What a completion did. */
    public enum Completed { COMPLETED, NO_EFFECT }

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public OrderStore(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Puts the order if no order with its id exists (conditional put): a duplicate has no effect. */
    public CompletableFuture<Created> create(Order order, String eventKey, Instant now) {
        Map<String, AttributeValue> item = item(order);
        item.put("status", s(CREATED));
        item.put("updated_at", s(now.toString()));
        item.put("created_event_id", s(eventKey));
        return dynamoDb.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(order_id)"))
                .thenApply(r -> Created.STORED)
                .exceptionallyCompose(e -> {
                    if (cause(e) instanceof ConditionalCheckFailedException) {
                        return get(order.orderId()).thenApply(existing -> existing != null
                                && eventKey.equals(str(existing.get("created_event_id")))
                                        ? Created.ALREADY_STORED_BY_THIS_EVENT : Created.DUPLICATE);
                    }
                    return CompletableFuture.failedFuture(cause(e));
                });
    }

    /** created → completed, only from created (condition expression): out of order or duplicate, no effect. */
    public CompletableFuture<Completed> complete(String orderId, Instant now) {
        return dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("order_id", s(orderId)))
                        .updateExpression("SET #s = :completed, updated_at = :now")
                        .conditionExpression("attribute_exists(order_id) AND #s = :created")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":completed", s(COMPLETED), ":created", s(CREATED),
                                ":now", s(now.toString()))))
                .thenApply(r -> Completed.COMPLETED)
                .exceptionallyCompose(e -> cause(e) instanceof ConditionalCheckFailedException
                        ? CompletableFuture.completedFuture(Completed.NO_EFFECT)
                        : CompletableFuture.failedFuture(cause(e)));
    }

    /** The stored item (strongly consistent read), or null. */
    public CompletableFuture<Map<String, AttributeValue>> get(String orderId) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of("order_id", s(orderId))).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? r.item() : null);
    }

    /** The order's lines as stored: item_id → quantity summed over its lines. */
    public static Map<String, Integer> quantities(Map<String, AttributeValue> item) {
        Map<String, Integer> quantities = new java.util.LinkedHashMap<>();
        for (AttributeValue line : item.get("items").l()) {
            quantities.merge(line.m().get("item_id").s(), Integer.parseInt(line.m().get("quantity").n()), Integer::sum);
        }
        return quantities;
    }

    static Map<String, AttributeValue> item(Order order) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("order_id", s(order.orderId()));
        item.put("customer_id", s(order.customerId()));
        List<AttributeValue> lines = new ArrayList<>(order.lines().size());
        for (OrderLine line : order.lines()) {
            lines.add(AttributeValue.builder().m(Map.of("item_id", s(line.itemId()),
                    "quantity", n(Integer.toString(line.quantity())), "price", n(line.price().toPlainString()))).build());
        }
        item.put("items", AttributeValue.builder().l(lines).build());
        item.put("total", n(order.total().toPlainString()));
        item.put("created_at", s(order.createdAt()));
        return item;
    }

    static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private static String str(AttributeValue v) {
        return v == null ? null : v.s();
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    static AttributeValue n(String v) {
        return AttributeValue.builder().n(v).build();
    }
}
