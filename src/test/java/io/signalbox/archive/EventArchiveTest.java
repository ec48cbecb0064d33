package io.signalbox.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signalbox.bus.PutEventsRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive writer's batching, retries and counting. DynamoDB here is a fake — an in-memory recorder of
 * BatchWriteItem calls whose answers the test decides (DynamoDB Local never leaves items unprocessed) — not a
 * server; that archived events really land in DynamoDB is EventArchiveIT's to show.
 */
class EventArchiveTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    private static final ArchiveSettings.ArchiveTable TABLE =
            new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at");

    /** Records each BatchWriteItem; answers with what {@code answer} says (default: all written). */
    static final class FakeDynamoDb implements DynamoDbAsyncClient {
        final List<List<WriteRequest>> calls = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile Function<List<WriteRequest>, CompletableFuture<BatchWriteItemResponse>> answer =
                writes -> CompletableFuture.completedFuture(BatchWriteItemResponse.builder().build());

        @Override
        public CompletableFuture<BatchWriteItemResponse> batchWriteItem(BatchWriteItemRequest request) {
            assertEquals(List.of(TABLE.name()), List.copyOf(request.requestItems().keySet()));
            List<WriteRequest> writes = request.requestItems().get(TABLE.name());
            calls.add(writes);
            threads.add(Thread.currentThread().getName());
            return answer.apply(writes);
        }

        List<Integer> batchSizes() {
            return calls.stream().map(List::size).toList();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    private final FakeDynamoDb dynamoDb = new FakeDynamoDb();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EventArchive archive;

    private EventArchive archive(int maxInFlight, int maxPending, int maxAttempts) {
        archive = new EventArchive(dynamoDb, new ArchiveSettings(true, TABLE, Duration.ofDays(365), maxInFlight,
                maxPending, maxAttempts, Duration.ofMillis(1), 100), meters, Clock.fixed(NOW, ZoneOffset.UTC));
        return archive;
    }

    @AfterEach
    void close() {
        if (archive != null) {
            archive.close(Duration.ofSeconds(5));
        }
    }

    private static PutEventsRequest.Entry entry(String bus, String id, String time) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "0").put("id", id).put("detail-type", "SignalGenerated")
                .put("source", "alchemiser.strategy").put("account", "000000000000").put("time", time)
                .put("region", "us-east-1");
        event.putArray("resources");
        event.putObject("detail").put("symbol", "SPY");
        return new PutEventsRequest.Entry(bus, "alchemiser.strategy", "SignalGenerated", event, null, null);
    }

    private static List<PutEventsRequest.Entry> entries(int n) {
        List<PutEventsRequest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            entries.add(entry("b", String.format("e-%03d", i), "2024-01-15T09:00:00Z"));
        }
        return entries;
    }

    private double count(String name, String... tags) {
        Counter c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anAcceptedEventBecomesOneItemWithItsKeysItsJsonAndItsExpiry() throws Exception {
        archive(8, 100, 3).accepted(List.of(entry("alchemiser-trading-events", "e-1", "2024-01-14T23:59:59Z")));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "alchemiser-trading-events") == 1);
        assertEquals(1, dynamoDb.calls.size());
        Map<String, AttributeValue> item = dynamoDb.calls.get(0).get(0).putRequest().item();
        assertEquals("alchemiser-trading-events", item.get("bus").s());
        assertEquals("2024-01-14T23:59:59Z#e-1", item.get("archived").s());
        assertEquals("e-1", item.get("id").s());
        assertEquals("2024-01-14T23:59:59Z", item.get("time").s());
        assertEquals("alchemiser.strategy", item.get("source").s());
        assertEquals("SignalGenerated", item.get("detail_type").s());
        assertEquals(Long.toString(NOW.plus(Duration.ofDays(365)).getEpochSecond()), item.get("expires_at").n());
        assertEquals(entry("x", "e-1", "2024-01-14T23:59:59Z").event(), MAPPER.readTree(item.get("event").s()));
        // the request was built and sent on the archive's thread, not on the caller's (the PutEvents answer)
        assertEquals(List.of("signalbox-archive"), dynamoDb.threads);
    }

    @Test
    void eventsAcceptedWhileEveryWriteIsInFlightLeaveInBatchesOfAtMost25() {
        CompletableFuture<BatchWriteItemResponse> slow = new CompletableFuture<>();
        dynamoDb.answer = writes -> dynamoDb.calls.size() == 1 ? slow
                : CompletableFuture.completedFuture(BatchWriteItemResponse.builder().build());
        archive(1, 1000, 3);
        archive.accepted(entries(3));
        await().atMost(WAIT).until(() -> dynamoDb.calls.size() == 1);
        assertEquals(List.of(3), dynamoDb.batchSizes());
        // the only request slot is taken: 60 more events wait, then go out 25, 25, 10
        archive.accepted(entries(10));
        archive.accepted(entries(50));
        slow.complete(BatchWriteItemResponse.builder().build());
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 63);
        assertEquals(List.of(3, 25, 25, 10), dynamoDb.batchSizes());
    }

    @Test
    void itemsDynamoDbLeavesUnprocessedAreRetriedUntilWritten() {
        // first answer: the last two items unprocessed; then everything written
        dynamoDb.answer = writes -> CompletableFuture.completedFuture(dynamoDb.calls.size() == 1
                ? BatchWriteItemResponse.builder().unprocessedItems(Map.of(TABLE.name(), writes.subList(3, 5))).build()
                : BatchWriteItemResponse.builder().build());
        archive(8, 100, 3).accepted(entries(5));
        await().atMost(WAIT).until(() -> dynamoDb.calls.size() == 2);
        assertEquals(dynamoDb.calls.get(0).subList(3, 5), dynamoDb.calls.get(1));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 5);
        assertEquals(0, count("signalbox.archive.failed", "bus", "b", "reason", "unprocessed"));
    }

    @Test
    void itemsStillUnprocessedAfterTheLastAttemptAreCountedAsFailed() {
        dynamoDb.answer = writes -> CompletableFuture.completedFuture(
                BatchWriteItemResponse.builder().unprocessedItems(Map.of(TABLE.name(), writes.subList(0, 1))).build());
        archive(8, 100, 3).accepted(entries(4));
        await().atMost(WAIT).until(() -> count("signalbox.archive.failed", "bus", "b", "reason",
                "unprocessed") == 1);
        assertEquals(List.of(4, 1, 1), dynamoDb.batchSizes());
        assertEquals(3, count("signalbox.archived", "bus", "b"));
    }

    @Test
    void aFailedRequestCountsItsEventsAsFailedAndFreesItsSlot() {
        dynamoDb.answer = writes -> dynamoDb.calls.size() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("table gone"))
                : CompletableFuture.completedFuture(BatchWriteItemResponse.builder().build());
        archive(1, 100, 3);
        archive.accepted(entries(2));
        await().atMost(WAIT).until(() -> count("signalbox.archive.failed", "bus", "b", "reason", "error") == 2);
        archive.accepted(entries(1));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 1);
        assertEquals(List.of(2, 1), dynamoDb.batchSizes());
    }

    @Test
    void beyondMaxPendingAnEventIsNotArchivedButCountedAndPutEventsIsNotHeldUp() {
        CompletableFuture<BatchWriteItemResponse> stuck = new CompletableFuture<>();
        dynamoDb.answer = writes -> stuck;
        archive(1, 10, 3);
        archive.accepted(entries(10));
        await().atMost(WAIT).until(() -> dynamoDb.calls.size() == 1); // all ten in the one request in flight
        archive.accepted(entries(15)); // 10 wait, 5 overflow at once, on the caller's thread
        assertEquals(5, count("signalbox.archive.failed", "bus", "b", "reason", "overflow"));
        dynamoDb.answer = writes -> CompletableFuture.completedFuture(BatchWriteItemResponse.builder().build());
        stuck.complete(BatchWriteItemResponse.builder().build());
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 20);
        assertEquals(List.of(10, 10), dynamoDb.batchSizes());
    }

    @Test
    void closingWaitsForTheWritesInFlight() {
        CompletableFuture<BatchWriteItemResponse> slow = new CompletableFuture<>();
        dynamoDb.answer = writes -> slow;
        archive(1, 100, 3).accepted(entries(3));
        await().atMost(WAIT).until(() -> dynamoDb.calls.size() == 1);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> archive.close(Duration.ofSeconds(10)));
        slow.complete(BatchWriteItemResponse.builder().build());
        closed.join();
        assertEquals(3, count("signalbox.archived", "bus", "b"));
        // after close an event is refused, counted, never written
        archive.accepted(entries(1));
        assertEquals(1, count("signalbox.archive.failed", "bus", "b", "reason", "closed"));
        assertEquals(1, dynamoDb.calls.size());
    }

    @Test
    void theBackoffDoublesEachAttemptWithJitterAndACap() {
        // without jitter: base, then doubling, up to the cap
        assertEquals(50, EventArchive.backoffMillis(1, 50, 0));
        assertEquals(100, EventArchive.backoffMillis(2, 50, 0));
        assertEquals(400, EventArchive.backoffMillis(4, 50, 0));
        assertEquals(EventArchive.MAX_BACKOFF_MS, EventArchive.backoffMillis(30, 50, 0));
        // jitter takes off up to half
        assertEquals(38, EventArchive.backoffMillis(1, 50, 0.5));
        for (double jitter = 0; jitter < 1; jitter += 0.01) {
            long delay = EventArchive.backoffMillis(3, 50, jitter);
            assertTrue(delay > 100 && delay <= 200, jitter + " -> " + delay);
        }
    }
}
