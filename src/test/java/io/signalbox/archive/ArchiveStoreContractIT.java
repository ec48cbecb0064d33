package io.signalbox.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ArchiveStore}: the same assertions on SQLite ({@link SqlArchiveStore}) and DynamoDB
 * ({@link DynamoDbArchiveStore}, on moto's server). The items are read back through the engine's generic
 * {@code Tables}, so that the attributes both engines store are the ones asserted.
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class ArchiveStoreContractIT {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long EXPIRES_AT = 4102444800L; // 2100-01-01

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    ArchiveSettings.ArchiveTable table;
    ArchiveStore store;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir,
                List.of(new ResourceDeclarations.Table("event-archive", "bus", "archived", "expires_at")));
        table = new ArchiveSettings.ArchiveTable(fixture.table("event-archive"), "bus", "archived", "expires_at");
        store = fixture.stores().choose(sql -> new SqlArchiveStore(sql, table),
                ddb -> new DynamoDbArchiveStore(ddb.async(), table));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static ArchivedEvent event(String bus, String id, String time) {
        ObjectNode event = MAPPER.createObjectNode().put("version", "0").put("id", id)
                .put("detail-type", "SignalGenerated").put("source", "alchemiser.strategy")
                .put("account", "000000000000").put("time", time).put("region", "us-east-1");
        event.putArray("resources");
        event.putObject("detail").put("symbol", "SPY").put("note", "a \"quoted\" ünïcode value");
        return ArchivedEvent.of(bus, event, EXPIRES_AT);
    }

    /** Writes {@code events} in batches of the store's size; every event must be written. */
    void write(List<ArchivedEvent> events) {
        for (int i = 0; i < events.size(); i += store.maxBatch()) {
            List<ArchivedEvent> batch = events.subList(i, Math.min(events.size(), i + store.maxBatch()));
            assertEquals(List.of(), store.write(batch).join(), "nothing left unwritten");
        }
    }

    /** Every event of {@code bus} in {@code [from, to)}, read {@code pageSize} at a time; counts the pages read. */
    List<ArchivedEvent> window(String bus, String from, String to, int pageSize, List<Integer> pageSizes) {
        ArchiveKeys.KeyRange range = ArchiveKeys.range(Instant.parse(from), Instant.parse(to)).orElseThrow();
        List<ArchivedEvent> all = new ArrayList<>();
        String after = null;
        do {
            ArchivePage page = store.read(bus, range, pageSize, after).join();
            assertTrue(page.events().size() <= pageSize, page.events().size() + " events in a page of " + pageSize);
            pageSizes.add(page.events().size());
            all.addAll(page.events());
            after = page.after();
        } while (after != null);
        return all;
    }

    static List<String> keys(List<ArchivedEvent> events) {
        return events.stream().map(ArchivedEvent::key).toList();
    }

    @Test
    void aBatchWrittenIsAllThereWithItsAttributesAndItsTtl() throws Exception {
        List<ArchivedEvent> batch = new ArrayList<>();
        for (int i = 0; i < store.maxBatch(); i++) {
            batch.add(event("alchemiser-trading-events", String.format("e-%04d", i), "2024-01-15T10:00:00Z"));
        }
        assertEquals(List.of(), store.write(batch).join());

        for (ArchivedEvent e : List.of(batch.get(0), batch.get(batch.size() - 1))) {
            ObjectNode item = fixture.stores().tables().get(table.name(), ItemKey.of(e.bus(), e.key())).join();
            assertNotNull(item, e.key());
            assertEquals(e.bus(), item.get("bus").asText());
            assertEquals("2024-01-15T10:00:00Z#" + e.id(), item.get("archived").asText());
            assertEquals(e.id(), item.get("id").asText());
            assertEquals("2024-01-15T10:00:00Z", item.get("time").asText());
            assertEquals("alchemiser.strategy", item.get("source").asText());
            assertEquals("SignalGenerated", item.get("detail_type").asText());
            assertTrue(item.get("event").isTextual(), "the event is stored as JSON text");
            assertEquals(MAPPER.readTree(e.event()), MAPPER.readTree(item.get("event").asText()));
            assertEquals("a \"quoted\" ünïcode value", MAPPER.readTree(item.get("event").asText()).at("/detail/note").asText());
            assertTrue(item.get("expires_at").isIntegralNumber(), "the TTL is a number: " + item.get("expires_at"));
            assertEquals(EXPIRES_AT, item.get("expires_at").longValue());
            assertEquals(8, item.size(), item.toString());
        }
        List<ArchivedEvent> read = window("alchemiser-trading-events", "2024-01-15T10:00:00Z", "2024-01-15T10:00:01Z",
                1000, new ArrayList<>());
        assertEquals(keys(batch), keys(read), "every event of the batch, in key order");
        assertEquals(batch, read, "read back as written, every field");
    }

    @Test
    void aRangeReadReturnsExactlyTheWindowInPagesInKeyOrder() {
        String bus = "alchemiser-trading-events";
        write(List.of(
                event(bus, "before", "2024-01-15T09:59:59Z"),
                event(bus, "first-b", "2024-01-15T10:00:00Z"),
                event(bus, "first-a", "2024-01-15T10:00:00Z"),
                event(bus, "middle", "2024-01-15T10:30:00Z"),
                event(bus, "last", "2024-01-15T10:59:59Z"),
                event(bus, "at-to", "2024-01-15T11:00:00Z"),
                event(bus, "after", "2024-01-15T12:00:00Z"),
                // the same window on other buses, one of them named with this bus's name as its prefix
                event("custom-event-bus", "other", "2024-01-15T10:15:00Z"),
                event(bus + "-2", "prefixed", "2024-01-15T10:15:00Z")));

        List<Integer> pages = new ArrayList<>();
        List<ArchivedEvent> window = window(bus, "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z", 2, pages);
        assertEquals(List.of("2024-01-15T10:00:00Z#first-a", "2024-01-15T10:00:00Z#first-b",
                "2024-01-15T10:30:00Z#middle", "2024-01-15T10:59:59Z#last"), keys(window),
                "from inclusive, to exclusive, in time then id order, this bus only");
        assertTrue(pages.size() >= 2 && pages.get(0) == 2 && pages.get(1) == 2, "read in pages of 2: " + pages);
        assertEquals(List.of(bus), window.stream().map(ArchivedEvent::bus).distinct().toList());

        // whole seconds: a from within 09:59:59 starts at 10:00:00, a to within 10:59:59 takes it
        assertEquals(List.of("2024-01-15T10:00:00Z#first-a", "2024-01-15T10:00:00Z#first-b",
                "2024-01-15T10:30:00Z#middle", "2024-01-15T10:59:59Z#last"),
                keys(window(bus, "2024-01-15T09:59:59.001Z", "2024-01-15T10:59:59.5Z", 100, new ArrayList<>())));
        // one second alone: both events of 10:00:00, in one page
        List<Integer> one = new ArrayList<>();
        assertEquals(List.of("2024-01-15T10:00:00Z#first-a", "2024-01-15T10:00:00Z#first-b"),
                keys(window(bus, "2024-01-15T10:00:00Z", "2024-01-15T10:00:01Z", 100, one)));
        assertEquals(List.of(2), one);
        // the other buses hold their own events of the window
        assertEquals(List.of("2024-01-15T10:15:00Z#prefixed"),
                keys(window(bus + "-2", "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z", 100, new ArrayList<>())));
        assertEquals(List.of(), window("default", "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z", 100, new ArrayList<>()));
    }

    @Test
    void reWritingAnEventUnderTheSameKeyLeavesOneRow() {
        String bus = "default";
        ArchivedEvent first = event(bus, "e-1", "2024-01-15T10:00:00Z");
        write(List.of(first, event(bus, "e-2", "2024-01-15T10:00:00Z")));
        ArchivedEvent again = new ArchivedEvent(bus, first.key(), first.id(), first.time(), first.source(),
                first.detailType(), first.event(), EXPIRES_AT + 60);
        write(List.of(again));

        List<ArchivedEvent> window = window(bus, "2024-01-15T10:00:00Z", "2024-01-15T10:00:01Z", 100, new ArrayList<>());
        assertEquals(List.of(first.key(), "2024-01-15T10:00:00Z#e-2"), keys(window));
        assertEquals(EXPIRES_AT + 60, window.get(0).expiresAt(), "the second write replaced the first");
    }
}
