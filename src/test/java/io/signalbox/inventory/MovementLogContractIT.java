package io.signalbox.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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

/** {@link MovementLog}: the same assertions on SQLite ({@link SqlMovementLog}) and DynamoDB ({@link DynamoDbMovementLog}). */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class MovementLogContractIT {

    static final Instant EVENT_TIME = Instant.parse("2024-01-15T23:59:30Z");
    static final Duration RETENTION = Duration.ofDays(120);

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    MovementLog log;
    String table;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(
                new ResourceDeclarations.Table("stock-movements", "item_id", "movement_id", "expires_at")));
        table = fixture.table("stock-movements");
        log = fixture.stores().choose(sql -> new SqlMovementLog(sql, table, RETENTION),
                ddb -> new DynamoDbMovementLog(ddb.async(), table, RETENTION));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static AppliedChange applied(String item, InventoryAction action, int quantity, long delta, long onHand,
            boolean again) {
        return new AppliedChange(new InventoryChange(item, action, quantity, null), delta, onHand, again);
    }

    ObjectNode movement(String item, String movementId) {
        return fixture.stores().tables().get(table, ItemKey.of(item, movementId)).join();
    }

    long movements(String item) {
        return fixture.stores().tables().query(table, item, null, 100, null, true).join().items().size();
    }

    @Test
    void aMovementIsRecordedWithItsSignedQuantityKindDayAndExpiry() {
        String id = InventoryStore.marker("ev-1", EVENT_TIME);
        log.record(applied("ITEM-1", InventoryAction.SALE, 3, -3, 7, false), id, "ev-1", EVENT_TIME).join();
        ObjectNode item = movement("ITEM-1", id);
        assertEquals("ITEM-1", item.get("item_id").asText());
        assertEquals(-3, item.get("quantity").longValue());
        assertEquals("sale", item.get("kind").asText());
        assertEquals("2024-01-15", item.get("date").asText(), "the event's UTC day");
        assertEquals("ev-1", item.get("reference").asText());
        assertEquals(EVENT_TIME.plus(RETENTION).getEpochSecond(), item.get("expires_at").longValue());

        log.record(applied("ITEM-1", InventoryAction.RESTOCK, 5, 5, 12, false), "m-2", "ev-2", EVENT_TIME).join();
        log.record(applied("ITEM-1", InventoryAction.ADJUST, 2, -10, 2, false), "m-3", "ev-3", EVENT_TIME).join();
        assertEquals("receipt", movement("ITEM-1", "m-2").get("kind").asText());
        assertEquals("adjustment", movement("ITEM-1", "m-3").get("kind").asText());
        assertEquals(-10, movement("ITEM-1", "m-3").get("quantity").longValue());
        assertEquals(3, movements("ITEM-1"));
    }

    @Test
    void aRedeliveryLeavesTheFirstRecordAlone() {
        log.record(applied("ITEM-2", InventoryAction.ADJUST, 4, -6, 4, false), "m-1", "ev-1", EVENT_TIME).join();
        // the redelivery of the adjustment finds it applied; its delta is worked out again from the quantity now
        log.record(applied("ITEM-2", InventoryAction.ADJUST, 4, 1, 3, true), "m-1", "ev-1", EVENT_TIME).join();
        assertEquals(-6, movement("ITEM-2", "m-1").get("quantity").longValue());
        assertEquals(1, movements("ITEM-2"));
        // one whose first delivery did not get as far as the log records it
        log.record(applied("ITEM-2", InventoryAction.RESTOCK, 2, 2, 6, true), "m-2", "ev-2", EVENT_TIME).join();
        assertEquals(2, movement("ITEM-2", "m-2").get("quantity").longValue());
    }

    @Test
    void aChangeThatMovedNothingIsNotRecorded() {
        log.record(applied("ITEM-3", InventoryAction.ADJUST, 5, 0, 5, false), "m-1", "ev-1", EVENT_TIME).join();
        assertNull(movement("ITEM-3", "m-1"));
        assertEquals(0, movements("ITEM-3"));
    }
}
