package io.signalbox.handlers;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;

/**
 * {@link WorkflowStates} on DynamoDB, through the shared async client: one UpdateItem per event whose attribute
 * updates PUT the status, the last event and its time and ADD 1 to {@code event_count} (the update the handler
 * routes had camel-aws2-ddb make).
 */
public final class DynamoDbWorkflowStates implements WorkflowStates {

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;

    public DynamoDbWorkflowStates(DynamoDbAsyncClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public CompletableFuture<Void> apply(WorkflowEvent event) {
        return dynamoDb.updateItem(b -> b.tableName(table)
                        .key(Map.of("workflow_id", s(event.workflowId())))
                        .attributeUpdates(Map.of(
                                "status", put(s(event.status())),
                                "last_event_type", put(s(event.eventType())),
                                "last_event_id", put(s(event.eventId())),
                                "correlation_id", put(s(event.correlationId())),
                                "updated_at", put(s(event.time())),
                                "event_count", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                                        .value(AttributeValue.builder().n("1").build()).build())))
                .thenApply(r -> null);
    }

    private static AttributeValueUpdate put(AttributeValue value) {
        return AttributeValueUpdate.builder().action(AttributeAction.PUT).value(value).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }
}
