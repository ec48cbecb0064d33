package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.Futures;
import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link MovementLog} on DynamoDB, through the shared async client: a put on condition that the movement is not
 * there yet ({@code attribute_not_exists(movement_id)}).
 */
public final class DynamoDbMovementLog implements MovementLog {

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final Duration retention;

    public DynamoDbMovementLog(DynamoDbAsyncClient dynamoDb, String table, Duration retention) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public CompletableFuture<Void> record(AppliedChange applied, String movementId, String reference, Instant eventTime) {
        ObjectNode movement = MovementItems.of(applied, movementId, reference, eventTime, retention);
        if (movement == null) {
            return CompletableFuture.completedFuture(null);
        }
        Map<String, AttributeValue> item = DynamoItems.attributes(movement);
        return dynamoDb.putItem(p -> p.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(movement_id)"))
                .handle((r, e) -> {
                    Throwable cause = e == null ? null : Futures.cause(e);
                    if (cause == null || cause instanceof ConditionalCheckFailedException) {
                        return null; // recorded now, or by an earlier delivery
                    }
                    throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
                });
    }
}
