package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.signalbox.events.Futures;
import io.signalbox.store.DynamoItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link InventoryStore} on DynamoDB, through the shared async client: {@code item_id} S (partition key),
 * {@code quantity} N, {@code on_order} N, {@code updated_at} S, {@code applied_events} SS.
 *
 * <p>Each change is one UpdateItem with a condition expression, so concurrent changes to one item lose no update
 * and a sale never takes the quantity below zero ({@code quantity >= :q}). Each change also adds a marker
 * {@code <event time, epoch s>#<event key>} to the string set {@code applied_events} in the same write, on
 * condition that the marker is not there yet: a redelivery of an event whose change was written but whose
 * {@code Inventory Update} was not published (the router releases its idempotency claim on failure) finds its
 * marker and does not apply the change twice. Markers whose event time is older than the retention are deleted
 * from the set once {@code pruneThreshold} of them have gathered, so the item stays small.
 */
public final class DynamoDbInventoryStore implements InventoryStore {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbInventoryStore.class);
    static final String MARKERS = InventoryItems.MARKERS;
    private static final int MAX_ATTEMPTS = 5;

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final Duration markerRetention;
    private final int pruneThreshold;

    public DynamoDbInventoryStore(DynamoDbAsyncClient dynamoDb, String table, Duration markerRetention, int pruneThreshold) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.markerRetention = markerRetention;
        this.pruneThreshold = pruneThreshold;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public CompletableFuture<AppliedChange> apply(InventoryChange change, String eventKey, Instant eventTime, Instant now) {
        return attempt(change, InventoryStore.marker(eventKey, eventTime), now, 1);
    }

    private CompletableFuture<AppliedChange> attempt(InventoryChange change, String marker, Instant now, int attempt) {
        return dynamoDb.updateItem(request(change, marker, now))
                .thenApply(r -> {
                    Map<String, AttributeValue> item = r.attributes();
                    long q = change.quantity();
                    AppliedChange applied = switch (change.action()) {
                        case RESTOCK -> new AppliedChange(change, q, number(item, "quantity"), false);
                        case SALE -> new AppliedChange(change, -q, number(item, "quantity"), false);
                        case ADJUST -> new AppliedChange(change, q - number(item, "quantity"), q, false);
                    };
                    prune(change.itemId(), item, now);
                    return applied;
                })
                .exceptionallyCompose(e -> {
                    Throwable cause = Futures.cause(e);
                    if (!(cause instanceof ConditionalCheckFailedException)) {
                        return CompletableFuture.failedFuture(cause);
                    }
                    // which condition failed: the marker (a redelivery) or the stock (a sale beyond it)?
                    return current(change.itemId()).thenCompose(item -> {
                        long onHand = item == null ? 0 : number(item, "quantity");
                        if (item != null && item.containsKey(MARKERS) && item.get(MARKERS).ss().contains(marker)) {
                            long delta = switch (change.action()) {
                                case RESTOCK -> change.quantity();
                                case SALE -> -change.quantity();
                                case ADJUST -> change.quantity() - onHand; // 0 unless it changed since
                            };
                            return CompletableFuture.completedFuture(new AppliedChange(change, delta, onHand, true));
                        }
                        if (change.action() == InventoryAction.SALE && onHand < change.quantity()) {
                            return CompletableFuture.failedFuture(
                                    new InsufficientStockException(change.itemId(), change.quantity(), onHand));
                        }
                        if (attempt >= MAX_ATTEMPTS) {
                            return CompletableFuture.failedFuture(new IllegalStateException("Inventory " + change.itemId()
                                    + ": condition failed " + attempt + " times under concurrent changes"));
                        }
                        // stock changed between the write and the read (a concurrent restock): try again
                        return attempt(change, marker, now, attempt + 1);
                    });
                });
    }

    private UpdateItemRequest request(InventoryChange change, String marker, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", s(now.toString()));
        values.put(":m", AttributeValue.builder().ss(marker).build());
        values.put(":mv", s(marker));
        values.put(":q", n(change.quantity()));
        String notApplied = "NOT contains(" + MARKERS + ", :mv)";
        UpdateItemRequest.Builder b = UpdateItemRequest.builder().tableName(table)
                .key(Map.of("item_id", s(change.itemId())));
        switch (change.action()) {
            case RESTOCK -> b.updateExpression("SET updated_at = :now ADD quantity :q, " + MARKERS + " :m")
                    .conditionExpression(notApplied).returnValues(ReturnValue.ALL_NEW);
            case SALE -> {
                values.put(":neg", n(-change.quantity()));
                b.updateExpression("SET updated_at = :now ADD quantity :neg, " + MARKERS + " :m")
                        .conditionExpression(notApplied + " AND quantity >= :q").returnValues(ReturnValue.ALL_NEW);
            }
            case ADJUST -> b.updateExpression("SET quantity = :q, updated_at = :now ADD " + MARKERS + " :m")
                    .conditionExpression(notApplied).returnValues(ReturnValue.ALL_OLD);
        }
        return b.expressionAttributeValues(values).build();
    }

    @Override
    public CompletableFuture<InventoryItem> get(String itemId) {
        return current(itemId).thenApply(item -> item == null ? null : InventoryItem.of(DynamoItems.item(item)));
    }

    /** The item now (strongly consistent), or null. */
    private CompletableFuture<Map<String, AttributeValue>> current(String itemId) {
        return dynamoDb.getItem(g -> g.tableName(table).key(Map.of("item_id", s(itemId))).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? r.item() : null);
    }

    /** Deletes markers older than the retention once enough have gathered (best effort, off the event's path). */
    private void prune(String itemId, Map<String, AttributeValue> item, Instant now) {
        AttributeValue markers = item == null ? null : item.get(MARKERS);
        if (markers == null || !markers.hasSs() || markers.ss().size() < pruneThreshold) {
            return;
        }
        List<String> stale = InventoryItems.stale(markers.ss(), now, markerRetention, pruneThreshold);
        if (!stale.isEmpty()) {
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("item_id", s(itemId)))
                    .updateExpression("DELETE " + MARKERS + " :stale")
                    .expressionAttributeValues(Map.of(":stale", AttributeValue.builder().ss(stale).build())))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            LOG.warn("Could not prune {} applied-event markers of {}: {}", stale.size(), itemId, e.toString());
                        }
                    });
        }
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item == null ? null : item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
