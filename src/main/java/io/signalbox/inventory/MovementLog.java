package io.signalbox.inventory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.signalbox.agents.MovementKind;
import io.signalbox.agents.StockMovement;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The stock movements table ({@code signalbox.inventory.movements-table}): one item per applied change that moved
 * stock, which the anomaly job scores against the item's usual movements. Item contract: {@code item_id} S
 * (partition key), {@code movement_id} S (sort key: {@code <event time, epoch s>#<event key>}, the change's
 * marker), {@code date} S (the event's UTC day), {@code quantity} N (signed: received +, sold or written off −),
 * {@code kind} S ({@code receipt}, {@code sale}, {@code adjustment}), {@code reference} S (the event's key),
 * {@code expires_at} N (TTL, epoch s).
 *
 * <p>Written after the change, on condition that the movement is not there yet: a redelivery (whose change is
 * found already applied) writes it if the first delivery did not get that far, and otherwise leaves the first,
 * exact record alone.
 */
public final class MovementLog {

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final Duration retention;

    public MovementLog(DynamoDbAsyncClient dynamoDb, String table, Duration retention) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
    }

    /** Records the movement of an applied change; a change that moved nothing is not recorded. */
    public CompletableFuture<Void> record(AppliedChange applied, String movementId, String reference, Instant eventTime) {
        if (applied.quantityChange() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, AttributeValue> item = item(applied.change().itemId(), movementId,
                new StockMovement(eventTime.atZone(ZoneOffset.UTC).toLocalDate(), applied.quantityChange(),
                        kind(applied.change().action()), reference), eventTime.plus(retention));
        return dynamoDb.putItem(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(movement_id)"))
                .handle((r, e) -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause == null || cause instanceof ConditionalCheckFailedException) {
                        return null; // recorded now, or by an earlier delivery
                    }
                    throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
                });
    }

    /** One movement item, its quantity in whole units (the demo data writes its own through this, too). */
    public static Map<String, AttributeValue> item(String itemId, String movementId, StockMovement movement,
            Instant expires) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("item_id", AttributeValue.fromS(itemId));
        item.put("movement_id", AttributeValue.fromS(movementId));
        item.put("date", AttributeValue.fromS(movement.date().toString()));
        item.put("quantity", AttributeValue.fromN(Long.toString((long) Math.rint(movement.quantity()))));
        item.put("kind", AttributeValue.fromS(movement.kind().name().toLowerCase(Locale.ROOT)));
        if (movement.reference() != null) {
            item.put("reference", AttributeValue.fromS(movement.reference()));
        }
        item.put("expires_at", AttributeValue.fromN(Long.toString(expires.getEpochSecond())));
        return item;
    }

    /** The movement an item holds, or null when it is not a movement item. */
    public static StockMovement movement(Map<String, AttributeValue> item) {
        AttributeValue date = item.get("date");
        AttributeValue quantity = item.get("quantity");
        if (date == null || date.s() == null || quantity == null || quantity.n() == null) {
            return null;
        }
        MovementKind kind = MovementKind.OTHER;
        AttributeValue k = item.get("kind");
        if (k != null && k.s() != null) {
            try {
                kind = MovementKind.valueOf(k.s().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // a kind this version does not know
            }
        }
        try {
            return new StockMovement(LocalDate.parse(date.s()), Double.parseDouble(quantity.n()), kind,
                    item.containsKey("reference") ? item.get("reference").s() : null,
                    item.containsKey("movement_id") ? item.get("movement_id").s() : null);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** The anomaly detector's kind of an inventory action. */
    static MovementKind kind(InventoryAction action) {
        return switch (action) {
            case RESTOCK -> MovementKind.RECEIPT;
            case SALE -> MovementKind.SALE;
            case ADJUST -> MovementKind.ADJUSTMENT;
        };
    }
}
