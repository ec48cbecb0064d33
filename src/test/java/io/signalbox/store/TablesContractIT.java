package io.signalbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Tables}, the same assertions on SQLite and on DynamoDB (moto's server). */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class TablesContractIT {

    static final List<ResourceDeclarations.Table> DECLARED = List.of(
            new ResourceDeclarations.Table("things", "id", null, null),
            new ResourceDeclarations.Table("events", "bus", "archived", "expires_at"));

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    Tables tables;
    String things;
    String events;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, DECLARED);
        tables = fixture.stores().tables();
        things = fixture.table("things");
        events = fixture.table("events");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static ObjectNode thing(String id) {
        ObjectNode item = Items.object().put("id", id).put("price", new BigDecimal("59.98")).put("count", 3)
                .put("big", 12345678901234L).put("flag", true).put("name", "a \"quoted\" name");
        item.putArray("lines").addObject().put("item_id", "ITEM-1").put("quantity", 2);
        item.putObject("nested").put("x", new BigDecimal("0.10")).putNull("nothing");
        return item;
    }

    static ObjectNode event(String bus, String key) {
        return Items.object().put("bus", bus).put("archived", key).put("event", "{}").put("expires_at", 4102444800L);
    }

    @Test
    void anItemComesBackAsItWasPutWithItsNumbersExact() {
        tables.put(things, thing("T-1")).join();
        ObjectNode back = tables.get(things, ItemKey.of("T-1")).join();
        assertEquals("59.98", back.get("price").decimalValue().toPlainString());
        assertEquals(3, back.get("count").intValue());
        assertTrue(back.get("count").isIntegralNumber());
        assertEquals(12345678901234L, back.get("big").longValue());
        assertTrue(back.get("flag").booleanValue());
        assertEquals("a \"quoted\" name", back.get("name").asText());
        assertEquals("ITEM-1", back.get("lines").get(0).get("item_id").asText());
        assertEquals(0, new BigDecimal("0.1").compareTo(back.get("nested").get("x").decimalValue()));
        assertTrue(back.get("nested").get("nothing").isNull());
        assertNull(tables.get(things, ItemKey.of("T-2")).join());
    }

    @Test
    void putReplacesAndPutIfAbsentLeavesTheFirst() {
        tables.put(things, thing("T-1").put("count", 1)).join();
        tables.put(things, thing("T-1").put("count", 2)).join();
        assertEquals(2, tables.get(things, ItemKey.of("T-1")).join().get("count").intValue());

        assertFalse(tables.putIfAbsent(things, thing("T-1").put("count", 3)).join());
        assertEquals(2, tables.get(things, ItemKey.of("T-1")).join().get("count").intValue());
        assertTrue(tables.putIfAbsent(things, thing("T-9").put("count", 9)).join());
        assertEquals(9, tables.get(things, ItemKey.of("T-9")).join().get("count").intValue());
    }

    @Test
    void aScanInPagesReturnsEveryItemOnce() {
        for (int i = 0; i < 23; i++) {
            tables.put(things, thing(String.format("T-%02d", i))).join();
        }
        Set<String> seen = new HashSet<>();
        ItemKey start = null;
        int pages = 0;
        do {
            Page page = tables.scan(things, 5, start).join();
            assertTrue(page.items().size() <= 5);
            page.items().forEach(item -> assertTrue(seen.add(item.get("id").asText()), "seen twice: " + item));
            start = page.next();
            pages++;
        } while (start != null && pages < 20);
        assertEquals(23, seen.size());
        assertEquals(23L, tables.count(things).join());
    }

    @Test
    void aRangeReadReturnsExactlyTheWindow() {
        for (String key : List.of("2024-01-15T09:59:59Z#a", "2024-01-15T10:00:00Z#a", "2024-01-15T10:00:00Z#b",
                "2024-01-15T10:04:59Z#c", "2024-01-15T10:05:00Z#d")) {
            tables.put(events, event("bus-1", key)).join();
        }
        tables.put(events, event("bus-2", "2024-01-15T10:01:00Z#x")).join();

        List<String> window = keys(tables.query(events, "bus-1",
                SortCondition.between("2024-01-15T10:00:00Z", "2024-01-15T10:04:59Z$"), 100, null, true).join());
        assertEquals(List.of("2024-01-15T10:00:00Z#a", "2024-01-15T10:00:00Z#b", "2024-01-15T10:04:59Z#c"), window);

        assertEquals(List.of("2024-01-15T10:00:00Z#a", "2024-01-15T10:00:00Z#b"), keys(tables.query(events, "bus-1",
                SortCondition.beginsWith("2024-01-15T10:00:00Z"), 100, null, true).join()));
        assertEquals(List.of("2024-01-15T10:05:00Z#d", "2024-01-15T10:04:59Z#c"), keys(tables.query(events, "bus-1",
                SortCondition.of(SortCondition.Op.GT, "2024-01-15T10:00:00Z#b"), 100, null, false).join()));
        assertEquals(5, tables.query(events, "bus-1", null, 100, null, true).join().items().size());

        // in pages of two: every item of the window once, in order
        List<String> paged = new ArrayList<>();
        ItemKey start = null;
        do {
            Page page = tables.query(events, "bus-1", SortCondition.between("2024-01-15T10:00:00Z",
                    "2024-01-15T10:05:00Z$"), 2, start, true).join();
            paged.addAll(keys(page));
            start = page.next();
        } while (start != null);
        assertEquals(List.of("2024-01-15T10:00:00Z#a", "2024-01-15T10:00:00Z#b", "2024-01-15T10:04:59Z#c",
                "2024-01-15T10:05:00Z#d"), paged);

        // newest first, in pages of two, within a prefix
        List<String> reversed = new ArrayList<>();
        start = null;
        do {
            Page page = tables.query(events, "bus-1", SortCondition.beginsWith("2024-01-15T10:0"), 2, start, false).join();
            reversed.addAll(keys(page));
            start = page.next();
        } while (start != null);
        assertEquals(List.of("2024-01-15T10:05:00Z#d", "2024-01-15T10:04:59Z#c", "2024-01-15T10:00:00Z#b",
                "2024-01-15T10:00:00Z#a"), reversed);
    }

    @Test
    void getAllAnswersTheKeysThatExist() {
        tables.put(things, thing("A")).join();
        tables.put(things, thing("B")).join();
        Map<ItemKey, ObjectNode> found = tables.getAll(things, List.of(ItemKey.of("A"), ItemKey.of("Z"),
                ItemKey.of("B"))).join();
        assertEquals(Set.of(ItemKey.of("A"), ItemKey.of("B")), found.keySet());
        assertEquals("B", found.get(ItemKey.of("B")).get("id").asText());
    }

    @Test
    void deleteRemovesTheItem() {
        tables.put(events, event("bus-1", "k1")).join();
        tables.delete(events, ItemKey.of("bus-1", "k1")).join();
        assertNull(tables.get(events, ItemKey.of("bus-1", "k1")).join());
        tables.delete(events, ItemKey.of("bus-1", "never")).join();
    }

    @Test
    void aBatchWritesEveryItemOfSeveralTables() {
        ItemBatch batch = tables.batch(4);
        for (int i = 0; i < 530; i++) {
            batch.put(things, thing("B-" + i));
            batch.put(events, event("bus-b", String.format("k-%04d", i)));
        }
        batch.flush();
        assertEquals(1060, batch.written());
        assertEquals(530L, tables.count(things).join());
        assertEquals(530, tables.query(events, "bus-b", null, 1000, null, true).join().items().size());
    }

    @Test
    void anItemWithoutItsKeyOrOfAnUnknownTableIsRefusedByName() {
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> tables.put(things, Items.object().put("name", "x")));
        assertTrue(noKey.getMessage().contains("partition key id"), noKey.getMessage());
        IllegalArgumentException noSort = assertThrows(IllegalArgumentException.class,
                () -> tables.get(events, ItemKey.of("bus-1")).join());
        assertTrue(noSort.getMessage().contains("has no sort key"), noSort.getMessage());
        UnknownTableException unknown = assertThrows(UnknownTableException.class, () -> tables.get("nope", ItemKey.of("x")));
        assertTrue(unknown.getMessage().contains("Table nope does not exist"), unknown.getMessage());
    }

    private static List<String> keys(Page page) {
        return page.items().stream().map(i -> i.get("archived").asText()).toList();
    }
}
