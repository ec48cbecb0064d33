package io.signalbox.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.MovementKind;
import io.signalbox.agents.StockMovement;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.inventory.MovementItems;
import io.signalbox.store.Items;
import io.signalbox.store.Stores;
import io.signalbox.store.Tables;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JobInputs}: the same orders, inventory and stock movements give the same work on SQLite
 * ({@link SqlJobInputs}) and DynamoDB ({@link DynamoDbJobInputs}).
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class JobInputsContractIT {

    /** The window: five days, 2024-01-06 to 2024-01-10. */
    static final LocalDate AS_OF = LocalDate.of(2024, 1, 10);
    static final LocalDate START = LocalDate.of(2024, 1, 6);
    static final int DAYS = 5;

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    JobInputs inputs;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(
                new ResourceDeclarations.Table("orders", "order_id", null, null),
                new ResourceDeclarations.Table("inventory", "item_id", null, null),
                new ResourceDeclarations.Table("stock-movements", "item_id", "movement_id", "expires_at")));
        String orders = fixture.table("orders");
        String inventory = fixture.table("inventory");
        String movements = fixture.table("stock-movements");
        inputs = fixture.stores().choose(sql -> new SqlJobInputs(sql, orders, inventory, movements),
                ddb -> new DynamoDbJobInputs(ddb.async(), orders, inventory, movements));

        Tables tables = fixture.stores().tables();
        put(orders, order("O-1", "2024-01-06T00:00:00Z", line("SKU-A", 2), line("SKU-B", 1)));
        put(orders, order("O-2", "2024-01-06T23:59:59.999Z", line("SKU-A", 3)));
        // two lines of one SKU in one order are both demand
        put(orders, order("O-3", "2024-01-08T12:00:00Z", line("SKU-A", 1), line("SKU-A", 4)));
        put(orders, order("O-4", "2024-01-10T10:00:00.123Z", line("SKU-C", 7)));
        // outside the window, on either side
        put(orders, order("O-5", "2024-01-05T23:59:59Z", line("SKU-A", 100)));
        put(orders, order("O-6", "2024-01-11T00:00:00Z", line("SKU-A", 100)));
        // the window is read by created_at's text, as DynamoDB's filter reads it: an offset that moves an instant
        // into the window from a day outside it does not bring it in
        put(orders, order("O-9", "2024-01-11T00:30:00+01:00", line("SKU-A", 100)));
        put(orders, order("O-10", "2024-01-05T23:30:00-01:00", line("SKU-A", 50)));
        // a created_at that is no instant belongs to no day; a line without a numeric quantity is no demand
        put(orders, order("O-7", "2024-01-08 at noon", line("SKU-A", 100)));
        ObjectNode odd = order("O-8", "2024-01-09T08:00:00Z", line("SKU-B", 2));
        ((ArrayNode) odd.get("items")).addObject().put("item_id", "SKU-B").put("quantity", "lots");
        put(orders, odd);

        put(inventory, Items.object().put("item_id", "SKU-A").put("quantity", 10).put("on_order", 5)
                .put("updated_at", "2024-01-10T09:00:00Z"));
        put(inventory, Items.object().put("item_id", "SKU-B").put("quantity", new BigDecimal("3.5")));
        // stock but no demand
        put(inventory, Items.object().put("item_id", "SKU-D").put("quantity", 8));

        Instant expires = Instant.now().plus(Duration.ofDays(30));
        put(movements, MovementItems.item("SKU-A", "1704412800#ev-1", movement("2024-01-05", -4, MovementKind.SALE), expires));
        put(movements, MovementItems.item("SKU-A", "1704540000#ev-2", movement("2024-01-06", 20, MovementKind.RECEIPT), expires));
        // two of one day, written in the reverse of their key order
        put(movements, MovementItems.item("SKU-A", "1704715200#ev-4", movement("2024-01-08", -2, MovementKind.SALE), expires));
        put(movements, MovementItems.item("SKU-A", "1704700000#ev-3", movement("2024-01-08", -1, MovementKind.ADJUSTMENT), expires));
        put(movements, MovementItems.item("SKU-A", "1704931200#ev-5", movement("2024-01-11", -3, MovementKind.SALE), expires));
        put(movements, MovementItems.item("SKU-B", "1704880000#ev-6", movement("2024-01-10", 6, MovementKind.RECEIPT), expires));
        assertEquals(10, tables.scan(orders, 100, null).join().items().size());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    void put(String table, ObjectNode item) {
        fixture.stores().tables().put(table, item).join();
    }

    static ObjectNode order(String id, String createdAt, ObjectNode... lines) {
        ObjectNode order = Items.object().put("order_id", id).put("customer_id", "CUST-1").put("status", "created")
                .put("created_at", createdAt).put("updated_at", createdAt);
        ArrayNode items = order.putArray("items");
        Arrays.stream(lines).forEach(items::add);
        return order;
    }

    static ObjectNode line(String sku, int quantity) {
        return Items.object().put("item_id", sku).put("quantity", quantity).put("price", new BigDecimal("9.99"));
    }

    static StockMovement movement(String date, double quantity, MovementKind kind) {
        return new StockMovement(LocalDate.parse(date), quantity, kind, "ref-" + date, null);
    }

    /** A work item as text: a record of an array compares by identity. */
    static String work(SkuWork w) {
        return w.sku() + " from " + w.start() + " " + Arrays.toString(w.demand()) + " on hand " + w.onHand()
                + " on order " + w.onOrder() + (w.stockKnown() ? "" : " (no stock)");
    }

    static List<String> work(List<SkuWork> work) {
        return work.stream().map(JobInputsContractIT::work).toList();
    }

    @Test
    void demandIsSummedPerItemAndUtcDayAndStockIsReadPerItem() {
        assertEquals(List.of(
                "SKU-A from 2024-01-06 [5.0, 0.0, 5.0, 0.0, 0.0] on hand 10.0 on order 5.0",
                "SKU-B from 2024-01-06 [1.0, 0.0, 0.0, 2.0, 0.0] on hand 3.5 on order 0.0",
                "SKU-C from 2024-01-06 [0.0, 0.0, 0.0, 0.0, 7.0] on hand 0.0 on order 0.0 (no stock)",
                "SKU-D from 2024-01-06 [0.0, 0.0, 0.0, 0.0, 0.0] on hand 8.0 on order 0.0"),
                work(inputs.load(AS_OF, DAYS, null)));
        assertEquals(AS_OF, inputs.load(AS_OF, DAYS, null).get(0).asOf());
    }

    @Test
    void aRunForOneSkuLoadsThatSkuAlone() {
        assertEquals(List.of("SKU-A from 2024-01-06 [5.0, 0.0, 5.0, 0.0, 0.0] on hand 10.0 on order 5.0"),
                work(inputs.load(AS_OF, DAYS, "SKU-A")));
        assertEquals(List.of("SKU-C from 2024-01-06 [0.0, 0.0, 0.0, 0.0, 7.0] on hand 0.0 on order 0.0 (no stock)"),
                work(inputs.load(AS_OF, DAYS, "SKU-C")));
        assertEquals(List.of("SKU-D from 2024-01-06 [0.0, 0.0, 0.0, 0.0, 0.0] on hand 8.0 on order 0.0"),
                work(inputs.load(AS_OF, DAYS, "SKU-D")));
        assertEquals(List.of(), inputs.load(AS_OF, DAYS, "SKU-NONE"));
        // a longer window takes in the day before, and O-10, whose text is in it now, counts on its instant's day
        assertEquals(List.of("SKU-A from 2024-01-05 [100.0, 55.0, 0.0, 5.0, 0.0, 0.0] on hand 10.0 on order 5.0"),
                work(inputs.load(AS_OF, DAYS + 1, "SKU-A")));
    }

    @Test
    void movementsAreThoseOfTheWindowPerSkuOldestFirst() {
        List<StockMovement> a = List.of(
                new StockMovement(LocalDate.of(2024, 1, 6), 20, MovementKind.RECEIPT, "ref-2024-01-06", "1704540000#ev-2"),
                new StockMovement(LocalDate.of(2024, 1, 8), -1, MovementKind.ADJUSTMENT, "ref-2024-01-08", "1704700000#ev-3"),
                new StockMovement(LocalDate.of(2024, 1, 8), -2, MovementKind.SALE, "ref-2024-01-08", "1704715200#ev-4"));
        List<StockMovement> b = List.of(
                new StockMovement(LocalDate.of(2024, 1, 10), 6, MovementKind.RECEIPT, "ref-2024-01-10", "1704880000#ev-6"));
        assertEquals(Map.of("SKU-A", a, "SKU-B", b), inputs.movements(START, AS_OF, null));
        assertEquals(Map.of("SKU-A", a), inputs.movements(START, AS_OF, "SKU-A"));
        assertEquals(Map.of(), inputs.movements(START, AS_OF, "SKU-D"));
        // both ends are in the window
        assertEquals(Map.of("SKU-A", List.of(a.get(1), a.get(2))),
                inputs.movements(LocalDate.of(2024, 1, 8), LocalDate.of(2024, 1, 8), "SKU-A"));
    }
}
