package io.signalbox.archive;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link ArchiveStore} on DynamoDB, through the shared async client: a write is one BatchWriteItem of put
 * requests (up to 25), whose unprocessed items are answered for a retry; a read is one strongly consistent Query
 * page with the key condition {@code bus = :bus AND archived BETWEEN :lower AND :upper}.
 */
public final class DynamoDbArchiveStore implements ArchiveStore {

    /** BatchWriteItem's limit. */
    static final int MAX_BATCH = 25;

    private final DynamoDbAsyncClient dynamoDb;
    private final ArchiveSettings.ArchiveTable table;

    public DynamoDbArchiveStore(DynamoDbAsyncClient dynamoDb, ArchiveSettings.ArchiveTable table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    @Override
    public CompletableFuture<List<ArchivedEvent>> write(List<ArchivedEvent> batch) {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("A BatchWriteItem takes at most " + MAX_BATCH + " items, not " + batch.size());
        }
        List<WriteRequest> writes = new ArrayList<>(batch.size());
        for (ArchivedEvent event : batch) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder()
                    .item(DynamoItems.attributes(ArchiveItems.item(table, event))).build()).build());
        }
        return dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table.name(), writes)))
                .thenApply(response -> unprocessed(batch, response));
    }

    /** The events of {@code batch} DynamoDB left unprocessed, known by their partition and sort key. */
    private List<ArchivedEvent> unprocessed(List<ArchivedEvent> batch, BatchWriteItemResponse response) {
        List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                ? response.unprocessedItems().getOrDefault(table.name(), List.of())
                : List.of();
        if (unprocessed.isEmpty()) {
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        for (WriteRequest w : unprocessed) {
            Map<String, AttributeValue> item = w.putRequest().item();
            keys.add(item.get(table.partitionKey()).s() + '\n' + item.get(table.sortKey()).s());
        }
        List<ArchivedEvent> left = new ArrayList<>(unprocessed.size());
        for (ArchivedEvent event : batch) {
            if (keys.contains(event.bus() + '\n' + event.key())) {
                left.add(event);
            }
        }
        return left;
    }

    @Override
    public CompletableFuture<ArchivePage> read(String bus, ArchiveKeys.KeyRange range, int limit, String after) {
        Map<String, AttributeValue> start = after == null ? null
                : Map.of(table.partitionKey(), AttributeValue.fromS(bus), table.sortKey(), AttributeValue.fromS(after));
        return dynamoDb.query(b -> b.tableName(table.name()).consistentRead(true).limit(limit)
                        .keyConditionExpression("#bus = :bus AND #key BETWEEN :lower AND :upper")
                        .expressionAttributeNames(Map.of("#bus", table.partitionKey(), "#key", table.sortKey()))
                        .expressionAttributeValues(Map.of(":bus", AttributeValue.fromS(bus),
                                ":lower", AttributeValue.fromS(range.lower()), ":upper", AttributeValue.fromS(range.upper())))
                        .exclusiveStartKey(start))
                .thenApply(this::page);
    }

    private ArchivePage page(QueryResponse response) {
        List<ArchivedEvent> events = new ArrayList<>(response.items().size());
        for (Map<String, AttributeValue> item : response.items()) {
            events.add(ArchiveItems.event(table, DynamoItems.item(item)));
        }
        AttributeValue last = response.hasLastEvaluatedKey() ? response.lastEvaluatedKey().get(table.sortKey()) : null;
        return new ArchivePage(events, last == null ? null : last.s());
    }
}
