package io.signalbox.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The DynamoDB requests of {@link DynamoDbArchiveStore}: the BatchWriteItem items, the mapping of unprocessed items
 * back to their events, and the Query of a replay page. DynamoDB here is a test double — a recorder of requests
 * whose answers the test decides (neither moto nor DynamoDB leaves items unprocessed on demand); that the items
 * land in a real table is ArchiveStoreContractIT's to show.
 */
class DynamoDbArchiveStoreTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ArchiveSettings.ArchiveTable TABLE =
            new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at");

    /** Records each BatchWriteItem and Query; answers with what the test sets (default: all written, no items). */
    static final class RecordingDynamoDb implements DynamoDbAsyncClient {
        final List<List<WriteRequest>> writes = new CopyOnWriteArrayList<>();
        final List<QueryRequest> queries = new CopyOnWriteArrayList<>();
        volatile Function<List<WriteRequest>, BatchWriteItemResponse> writeAnswer =
                writes -> BatchWriteItemResponse.builder().build();
        volatile QueryResponse queryAnswer = QueryResponse.builder().items(List.of()).build();

        @Override
        public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
            assertEquals(List.of(TABLE.name()), List.copyOf(request.requestItems().keySet()));
            List<WriteRequest> batch = request.requestItems().get(TABLE.name());
            writes.add(batch);
            return CompletableFuture.completedFuture(writeAnswer.apply(batch));
        }

        @Override
        public CompletableFuture<QueryResponse> query(QueryRequest request) {
            queries.add(request);
            return CompletableFuture.completedFuture(queryAnswer);
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final RecordingDynamoDb dynamoDb = new RecordingDynamoDb();
    private final DynamoDbArchiveStore store = new DynamoDbArchiveStore(dynamoDb, TABLE);

    private static ArchivedEvent event(String id, String time) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "0").put("id", id).put("detail-type", "SignalGenerated")
                .put("source", "alchemiser.strategy").put("time", time);
        event.putObject("detail").put("symbol", "SPY");
        return ArchivedEvent.of("alchemiser-trading-events", event, 1736935200L);
    }

    private static List<ArchivedEvent> events(int n) {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(String.format("e-%03d", i), "2024-01-15T09:00:00Z"));
        }
        return events;
    }

    @Test
    void anArchivedEventIsOnePutRequestWithTheArchivesAttributes() throws Exception {
        ArchivedEvent archived = event("e-1", "2024-01-14T23:59:59Z");
        assertEquals(List.of(), store.write(List.of(archived)).join());
        assertEquals(1, dynamoDb.writes.size());
        Map<String, AttributeValue> item = dynamoDb.writes.get(0).get(0).putRequest().item();
        assertEquals(Map.of(
                "bus", AttributeValue.fromS("alchemiser-trading-events"),
                "archived", AttributeValue.fromS("2024-01-14T23:59:59Z#e-1"),
                "id", AttributeValue.fromS("e-1"),
                "time", AttributeValue.fromS("2024-01-14T23:59:59Z"),
                "source", AttributeValue.fromS("alchemiser.strategy"),
                "detail_type", AttributeValue.fromS("SignalGenerated"),
                "event", AttributeValue.fromS(archived.event()),
                "expires_at", AttributeValue.fromN("1736935200")), item);
        assertEquals(MAPPER.readTree(archived.event()).get("detail"), MAPPER.readTree(item.get("event").s()).get("detail"));
    }

    @Test
    void theItemsDynamoDbLeavesUnprocessedAreAnsweredAsTheirEvents() {
        List<ArchivedEvent> batch = events(25);
        dynamoDb.writeAnswer = writes -> BatchWriteItemResponse.builder()
                .unprocessedItems(Map.of(TABLE.name(), List.of(writes.get(3), writes.get(24)))).build();
        List<ArchivedEvent> left = store.write(batch).join();
        assertEquals(2, left.size());
        assertSame(batch.get(3), left.get(0));
        assertSame(batch.get(24), left.get(1));
        assertEquals(25, dynamoDb.writes.get(0).size(), "one BatchWriteItem of 25");
    }

    @Test
    void aPageIsOneConsistentQueryOfTheKeyRangeContinuingAfterTheGivenKey() {
        ArchiveKeys.KeyRange range = ArchiveKeys.range(java.time.Instant.parse("2024-01-15T10:00:00Z"),
                java.time.Instant.parse("2024-01-15T11:00:00Z")).orElseThrow();
        dynamoDb.queryAnswer = QueryResponse.builder().items(List.of(Map.of(
                        "bus", AttributeValue.fromS("b"), "archived", AttributeValue.fromS("2024-01-15T10:00:00Z#e-1"),
                        "event", AttributeValue.fromS("{\"id\":\"e-1\"}"), "expires_at", AttributeValue.fromN("99"))))
                .lastEvaluatedKey(Map.of("bus", AttributeValue.fromS("b"),
                        "archived", AttributeValue.fromS("2024-01-15T10:00:00Z#e-1")))
                .build();
        ArchivePage page = store.read("b", range, 100, "2024-01-15T10:00:00Z#e-0").join();

        QueryRequest query = dynamoDb.queries.get(0);
        assertEquals("event-archive", query.tableName());
        assertEquals(true, query.consistentRead());
        assertEquals(100, query.limit());
        assertEquals("#bus = :bus AND #key BETWEEN :lower AND :upper", query.keyConditionExpression());
        assertEquals(Map.of("#bus", "bus", "#key", "archived"), query.expressionAttributeNames());
        assertEquals(Map.of(":bus", AttributeValue.fromS("b"), ":lower", AttributeValue.fromS("2024-01-15T10:00:00Z"),
                ":upper", AttributeValue.fromS("2024-01-15T10:59:59Z$")), query.expressionAttributeValues());
        assertEquals(Map.of("bus", AttributeValue.fromS("b"), "archived", AttributeValue.fromS("2024-01-15T10:00:00Z#e-0")),
                query.exclusiveStartKey());

        assertEquals(1, page.events().size());
        assertEquals("2024-01-15T10:00:00Z#e-1", page.events().get(0).key());
        assertEquals("{\"id\":\"e-1\"}", page.events().get(0).event());
        assertEquals(99, page.events().get(0).expiresAt());
        assertEquals("2024-01-15T10:00:00Z#e-1", page.after());

        dynamoDb.queryAnswer = QueryResponse.builder().items(List.of()).build();
        assertNull(store.read("b", range, 100, null).join().after(), "no LastEvaluatedKey: the last page");
        assertFalse(dynamoDb.queries.get(1).hasExclusiveStartKey(), "the first page starts at the range's lower end");
    }
}
