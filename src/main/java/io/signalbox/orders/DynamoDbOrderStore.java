package io.signalbox.orders;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.signalbox.events.Futures;
import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link OrderStore} on DynamoDB, through the shared async client: a conditional put
 * ({@code attribute_not_exists(order_id)}) creates, a conditional update ({@code status = created}) completes.
 */
public final class DynamoDbOrderStore implements OrderStore {

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoDbOrderStore(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public CompletableFuture<Created> create(Order order, String eventKey, Instant now) {
        Map<String, AttributeValue> item = DynamoItems.attributes(OrderItems.created(order, eventKey, now));
        return dynamoDb.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(order_id)"))
                .thenApply(r -> Created.STORED)
                .exceptionallyCompose(e -> {
                    if (Futures.cause(e) instanceof ConditionalCheckFailedException) {
                        return get(order.orderId()).thenApply(existing -> existing != null
                                && eventKey.equals(existing.createdEventId())
                                        ? Created.ALREADY_STORED_BY_THIS_EVENT : Created.DUPLICATE);
                    }
                    return CompletableFuture.failedFuture(Futures.cause(e));
                });
    }

    @Override
    public CompletableFuture<Completed> complete(String orderId, Instant now) {
        return dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("order_id", s(orderId)))
                        .updateExpression("SET #s = :completed, updated_at = :now")
                        .conditionExpression("attribute_exists(order_id) AND #s = :created")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":completed", s(COMPLETED), ":created", s(CREATED),
                                ":now", s(now.toString()))))
                .thenApply(r -> Completed.COMPLETED)
                .exceptionallyCompose(e -> Futures.cause(e) instanceof ConditionalCheckFailedException
                        ? CompletableFuture.completedFuture(Completed.NO_EFFECT)
                        : CompletableFuture.failedFuture(Futures.cause(e)));
    }

    @Override
    public CompletableFuture<StoredOrder> get(String orderId) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of("order_id", s(orderId))).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? StoredOrder.of(DynamoItems.item(r.item())) : null);
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }
}
