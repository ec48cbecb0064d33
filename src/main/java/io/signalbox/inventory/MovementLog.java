package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.signalbox.agents.MovementKind;
import io.signalbox.agents.StockMovement;
import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The stock movements table ({@code signalbox.inventory.movements-table}): one item per applied change that moved
 * stock, which the anomaly job scores against the item's usual movements ({@link MovementItems}).
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
        Map<String, AttributeValue> item = DynamoItems.attributes(MovementItems.item(applied.change().itemId(), movementId,
                new StockMovement(eventTime.atZone(ZoneOffset.UTC).toLocalDate(), applied.quantityChange(),
                        kind(applied.change().action()), reference), eventTime.plus(retention)));
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

    /** The anomaly detector's kind of an inventory action. */
    static MovementKind kind(InventoryAction action) {
        return switch (action) {
            case RESTOCK -> MovementKind.RECEIPT;
            case SALE -> MovementKind.SALE;
            case ADJUST -> MovementKind.ADJUSTMENT;
        };
    }
}
