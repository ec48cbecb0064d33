package io.signalbox.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signalbox.bus.BusListener;
import io.signalbox.bus.EventBus;
import io.signalbox.bus.QueueSender;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleMatcher;
import io.signalbox.rules.RuleSet;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.StoreException;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay over an archive in SQLite (in memory) and a bus whose queue sender is a test double that records
 * what each queue would receive: the window's events go back on the bus marked with the replay's name, a window of
 * many pages completes, unreadable items and a failing store give their specific failures.
 */
class ArchiveReplayerTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String BUS = "custom-event-bus";

    /** A {@link QueueSender} test double: records each queue's bodies; every send succeeds. */
    static final class RecordingQueueSender implements QueueSender {
        final Map<String, List<String>> sent = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Set<Integer>> send(String queue, List<String> bodies) {
            sent.computeIfAbsent(queue, q -> new CopyOnWriteArrayList<>()).addAll(bodies);
            return CompletableFuture.completedFuture(Set.of());
        }
    }

    EngineFixture fixture;
    ArchiveSettings.ArchiveTable table = new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at");
    ArchiveStore store;
    final RecordingQueueSender sender = new RecordingQueueSender();
    EventBus bus;

    @BeforeEach
    void open() {
        fixture = EngineFixture.sqlite(SqlDatabase.Options.inMemory(),
                List.of(new ResourceDeclarations.Table("event-archive", "bus", "archived", "expires_at")));
        store = new SqlArchiveStore(fixture.database(), table);
        // source "orders" on custom-event-bus goes to order-queue; nothing on default matches any rule
        RuleSet rules = new RuleSet(List.of(BUS), List.of(new Rule("orders-to-q", BUS, null, "ENABLED",
                MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add("orders")),
                List.of(new Rule.Target(null, null, "order-queue")))));
        bus = new EventBus(new RuleMatcher(rules), sender, BusListener.NONE, MAPPER, "000000000000", "us-east-1");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    ArchiveReplayer replayer(ArchiveStore from, int pageSize) {
        return new ArchiveReplayer(from, new ArchiveSettings(true, table, Duration.ofDays(365), 2, 100, 3,
                Duration.ofMillis(1), pageSize), bus, MAPPER, new SimpleMeterRegistry());
    }

    static ArchivedEvent event(String bus, String id, String time) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "0").put("id", id).put("detail-type", "Order Created")
                .put("source", "orders").put("account", "000000000000").put("time", time).put("region", "us-east-1");
        event.putArray("resources");
        event.putObject("detail").put("order_id", "o-" + id);
        return ArchivedEvent.of(bus, event, 4102444800L);
    }

    void archive(List<ArchivedEvent> events) {
        for (int i = 0; i < events.size(); i += store.maxBatch()) {
            store.write(events.subList(i, Math.min(events.size(), i + store.maxBatch()))).join();
        }
    }

    static ReplayRequest request(String bus, String from, String to) {
        return new ReplayRequest(bus, Instant.parse(from), Instant.parse(to), "fix-handler");
    }

    @Test
    void theWindowsEventsGoBackOnTheBusInTimeOrderMarkedWithTheReplaysName() throws Exception {
        archive(List.of(event(BUS, "before", "2024-01-15T09:59:59Z"), event(BUS, "first", "2024-01-15T10:00:00Z"),
                event(BUS, "last", "2024-01-15T10:59:59Z"), event(BUS, "at-to", "2024-01-15T11:00:00Z")));
        ArchiveReplayer.Result result = replayer(store, 1)
                .replay(request(BUS, "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z")).join();
        assertEquals(2, result.replayed());
        assertEquals(0, result.failed());
        List<JsonNode> delivered = new ArrayList<>();
        for (String body : sender.sent.get("order-queue")) {
            delivered.add(MAPPER.readTree(body));
        }
        assertEquals(List.of("first", "last"), delivered.stream().map(e -> e.get("id").asText()).toList());
        assertEquals(List.of("fix-handler", "fix-handler"), delivered.stream().map(e -> e.get("replay-name").asText()).toList());
        assertEquals("o-first", delivered.get(0).at("/detail/order_id").asText());
    }

    @Test
    void aWindowOfThousandsOfPagesWhoseReadsAndDeliveriesCompleteAtOnceCompletes() throws Exception {
        List<ArchivedEvent> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            events.add(event("default", String.format("e-%05d", i), "2024-01-15T10:00:00Z"));
        }
        archive(events);
        // SQLite answers each page at once and no rule matches on default: every page completes synchronously (had
        // each page been chained from the previous one's callback, the stack would overflow and the replay never end)
        ArchiveReplayer.Result result = replayer(store, 1)
                .replay(request("default", "2024-01-15T10:00:00Z", "2024-01-15T10:00:01Z")).get(60, TimeUnit.SECONDS);
        assertEquals(20_000, result.replayed());
        assertEquals(0, result.failed());
    }

    @Test
    void anArchivedItemThatHoldsNoJsonEventCountsAsFailedWithItsKey() {
        ArchivedEvent good = event(BUS, "good", "2024-01-15T10:00:01Z");
        archive(List.of(new ArchivedEvent(BUS, "2024-01-15T10:00:00Z#bad", "bad", "2024-01-15T10:00:00Z", "orders",
                "Order Created", "not json", 4102444800L), good));
        ArchiveReplayer.Result result = replayer(store, 100)
                .replay(request(BUS, "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z")).join();
        assertEquals(1, result.replayed());
        assertEquals(1, result.failed());
        assertTrue(result.firstFailure().startsWith("Archived item 2024-01-15T10:00:00Z#bad holds no JSON event: "),
                result.firstFailure());
    }

    @Test
    void aStoreThatCannotReadFailsTheReplayWith500NamingTheTable() {
        ArchiveStore failing = new ArchiveStore() {
            @Override
            public String table() {
                return "event-archive";
            }

            @Override
            public int maxBatch() {
                return 1;
            }

            @Override
            public CompletableFuture<List<ArchivedEvent>> write(List<ArchivedEvent> batch) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<ArchivePage> read(String bus, ArchiveKeys.KeyRange range, int limit, String after) {
                return CompletableFuture.failedFuture(new StoreException("SQLite: disk I/O error", null));
            }
        };
        CompletionException e = assertThrows(CompletionException.class, () -> replayer(failing, 100)
                .replay(request(BUS, "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z")).join());
        ArchiveException archive = assertInstanceOf(ArchiveException.class, e.getCause());
        assertEquals(500, archive.status());
        assertEquals("Replay fix-handler could not read the archive table event-archive: SQLite: disk I/O error",
                archive.getMessage());
    }

    @Test
    void anUnknownBusIsA400() {
        CompletionException e = assertThrows(CompletionException.class, () -> replayer(store, 100)
                .replay(request("nope", "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z")).join());
        ArchiveException archive = assertInstanceOf(ArchiveException.class, e.getCause());
        assertEquals(400, archive.status());
        assertEquals("Event bus nope does not exist; the buses are custom-event-bus, default", archive.getMessage());
    }
}
