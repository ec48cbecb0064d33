package io.signalbox.archive;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive writer's queue: batching, the bound on writes in flight, retries, counting, overflow and close. The
 * store here is a test double — an in-memory recorder of writes whose answers the test decides (neither engine
 * leaves events unwritten on demand) — not a database; that archived events really land in the table is
 * ArchiveStoreContractIT's and EventArchiveIT's to show.
 */
class EventArchiveTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    private static final ArchiveSettings.ArchiveTable TABLE =
            new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at");

    /**
     * An {@link ArchiveStore} test double: records each write (its events and the thread it was called on) and
     * answers with what {@code answer} says (default: all written); takes batches of {@code maxBatch}.
     */
    static final class RecordingArchiveStore implements ArchiveStore {
        final int maxBatch;
        final List<List<ArchivedEvent>> writes = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile Function<List<ArchivedEvent>, CompletableFuture<List<ArchivedEvent>>> answer =
                batch -> CompletableFuture.completedFuture(List.of());

        RecordingArchiveStore(int maxBatch) {
            this.maxBatch = maxBatch;
        }

        @Override
        public String table() {
            return TABLE.name();
        }

        @Override
        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public CompletableFuture<List<ArchivedEvent>> write(List<ArchivedEvent> batch) {
            assertTrue(batch.size() <= maxBatch, batch.size() + " events in a batch of at most " + maxBatch);
            writes.add(List.copyOf(batch));
            threads.add(Thread.currentThread().getName());
            return answer.apply(batch);
        }

        @Override
        public CompletableFuture<ArchivePage> read(String bus, ArchiveKeys.KeyRange range, int limit, String after) {
            throw new UnsupportedOperationException("the archive writer never reads");
        }

        List<Integer> batchSizes() {
            return writes.stream().map(List::size).toList();
        }
    }

    private RecordingArchiveStore store = new RecordingArchiveStore(DynamoDbArchiveStore.MAX_BATCH);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private EventArchive archive;

    private EventArchive archive(int maxInFlight, int maxPending, int maxAttempts) {
        archive = new EventArchive(store, new ArchiveSettings(true, TABLE, Duration.ofDays(365), maxInFlight,
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
    void anAcceptedEventBecomesOneArchivedEventWithItsKeyItsJsonAndItsExpiry() throws Exception {
        archive(8, 100, 3).accepted(List.of(entry("alchemiser-trading-events", "e-1", "2024-01-14T23:59:59Z")));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "alchemiser-trading-events") == 1);
        assertEquals(List.of(1), store.batchSizes());
        ArchivedEvent archived = store.writes.get(0).get(0);
        assertEquals("alchemiser-trading-events", archived.bus());
        assertEquals("2024-01-14T23:59:59Z#e-1", archived.key());
        assertEquals("e-1", archived.id());
        assertEquals("2024-01-14T23:59:59Z", archived.time());
        assertEquals("alchemiser.strategy", archived.source());
        assertEquals("SignalGenerated", archived.detailType());
        assertEquals(NOW.plus(Duration.ofDays(365)).getEpochSecond(), archived.expiresAt());
        assertEquals(entry("x", "e-1", "2024-01-14T23:59:59Z").event(), MAPPER.readTree(archived.event()));
        // the write was built and started on the archive's thread, not on the caller's (the PutEvents answer)
        assertEquals(List.of("signalbox-archive"), store.threads);
    }

    @Test
    void eventsAcceptedWhileEveryWriteIsInFlightLeaveInBatchesOfAtMostTheStoresSize() {
        CompletableFuture<List<ArchivedEvent>> slow = new CompletableFuture<>();
        store.answer = batch -> store.writes.size() == 1 ? slow : CompletableFuture.completedFuture(List.of());
        archive(1, 1000, 3);
        archive.accepted(entries(3));
        await().atMost(WAIT).until(() -> store.writes.size() == 1);
        assertEquals(List.of(3), store.batchSizes());
        // the only write slot is taken: 60 more events wait, then go out 25, 25, 10 (DynamoDB's batches)
        archive.accepted(entries(10));
        archive.accepted(entries(50));
        slow.complete(List.of());
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 63);
        assertEquals(List.of(3, 25, 25, 10), store.batchSizes());
    }

    @Test
    void aStoreOfLargerBatchesTakesEverythingWaitingInOneWrite() {
        store = new RecordingArchiveStore(SqlArchiveStore.MAX_BATCH);
        CompletableFuture<List<ArchivedEvent>> slow = new CompletableFuture<>();
        store.answer = batch -> store.writes.size() == 1 ? slow : CompletableFuture.completedFuture(List.of());
        archive(1, 1000, 3);
        archive.accepted(entries(3));
        await().atMost(WAIT).until(() -> store.writes.size() == 1);
        archive.accepted(entries(10));
        archive.accepted(entries(600));
        slow.complete(List.of());
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 613);
        assertEquals(List.of(3, 500, 110), store.batchSizes());
    }

    @Test
    void eventsTheStoreLeavesUnwrittenAreRetriedUntilWritten() {
        // first answer: the last two events left unwritten; then everything written
        store.answer = batch -> CompletableFuture.completedFuture(store.writes.size() == 1 ? batch.subList(3, 5) : List.of());
        archive(8, 100, 3).accepted(entries(5));
        await().atMost(WAIT).until(() -> store.writes.size() == 2);
        List<ArchivedEvent> retried = store.writes.get(1);
        assertEquals(2, retried.size());
        assertSame(store.writes.get(0).get(3), retried.get(0));
        assertSame(store.writes.get(0).get(4), retried.get(1));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 5);
        assertEquals(0, count("signalbox.archive.failed", "bus", "b", "reason", "unprocessed"));
    }

    @Test
    void eventsStillUnwrittenAfterTheLastAttemptAreCountedAsFailed() {
        store.answer = batch -> CompletableFuture.completedFuture(batch.subList(0, 1));
        archive(8, 100, 3).accepted(entries(4));
        await().atMost(WAIT).until(() -> count("signalbox.archive.failed", "bus", "b", "reason",
                "unprocessed") == 1);
        assertEquals(List.of(4, 1, 1), store.batchSizes());
        assertEquals(3, count("signalbox.archived", "bus", "b"));
    }

    @Test
    void aFailedWriteCountsItsEventsAsFailedAndFreesItsSlot() {
        store.answer = batch -> store.writes.size() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("table gone"))
                : CompletableFuture.completedFuture(List.of());
        archive(1, 100, 3);
        archive.accepted(entries(2));
        await().atMost(WAIT).until(() -> count("signalbox.archive.failed", "bus", "b", "reason", "error") == 2);
        archive.accepted(entries(1));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 1);
        assertEquals(List.of(2, 1), store.batchSizes());
    }

    @Test
    void aWriteThatThrowsAtOnceCountsItsEventsAsFailedAndFreesItsSlot() {
        store.answer = batch -> {
            if (store.writes.size() == 1) {
                throw new IllegalStateException("database closed");
            }
            return CompletableFuture.completedFuture(List.of());
        };
        archive(1, 100, 3);
        archive.accepted(entries(2));
        await().atMost(WAIT).until(() -> count("signalbox.archive.failed", "bus", "b", "reason", "error") == 2);
        archive.accepted(entries(1));
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 1);
    }

    @Test
    void anEventWithoutATimeIsCountedAsInvalidAndTheOthersAreArchived() {
        PutEventsRequest.Entry timeless = entry("b", "e-x", "2024-01-15T09:00:00Z");
        timeless.event().remove("time");
        List<PutEventsRequest.Entry> entries = new ArrayList<>(entries(2));
        entries.add(1, timeless);
        archive(8, 100, 3).accepted(entries);
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 2);
        assertEquals(1, count("signalbox.archive.failed", "bus", "b", "reason", "invalid"));
        assertEquals(List.of("e-000", "e-001"), store.writes.get(0).stream().map(ArchivedEvent::id).toList());
    }

    @Test
    void beyondMaxPendingAnEventIsNotArchivedButCountedAndPutEventsIsNotHeldUp() {
        CompletableFuture<List<ArchivedEvent>> stuck = new CompletableFuture<>();
        store.answer = batch -> stuck;
        archive(1, 10, 3);
        archive.accepted(entries(10));
        await().atMost(WAIT).until(() -> store.writes.size() == 1); // all ten in the one write in flight
        archive.accepted(entries(15)); // 10 wait, 5 overflow at once, on the caller's thread
        assertEquals(5, count("signalbox.archive.failed", "bus", "b", "reason", "overflow"));
        store.answer = batch -> CompletableFuture.completedFuture(List.of());
        stuck.complete(List.of());
        await().atMost(WAIT).until(() -> count("signalbox.archived", "bus", "b") == 20);
        assertEquals(List.of(10, 10), store.batchSizes());
    }

    @Test
    void closingWaitsForTheWritesInFlight() {
        CompletableFuture<List<ArchivedEvent>> slow = new CompletableFuture<>();
        store.answer = batch -> slow;
        archive(1, 100, 3).accepted(entries(3));
        await().atMost(WAIT).until(() -> store.writes.size() == 1);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> archive.close(Duration.ofSeconds(10)));
        slow.complete(List.of());
        closed.join();
        assertEquals(3, count("signalbox.archived", "bus", "b"));
        // after close an event is refused, counted, never written
        archive.accepted(entries(1));
        assertEquals(1, count("signalbox.archive.failed", "bus", "b", "reason", "closed"));
        assertEquals(1, store.writes.size());
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
