package io.signalbox.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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

/** {@link OrderStore}: the same assertions on SQLite ({@link SqlOrderStore}) and DynamoDB ({@link DynamoDbOrderStore}). */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class OrderStoreContractIT {

    static final Instant NOW = Instant.parse("2024-01-15T10:00:05Z");

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    OrderStore store;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("orders", "order_id", null, null)));
        String table = fixture.table("orders");
        store = fixture.stores().choose(sql -> new SqlOrderStore(sql, table),
                ddb -> new DynamoDbOrderStore(ddb.async(), table));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static Order order(String id, String customer) {
        return new Order(id, customer, List.of(new OrderLine("ITEM-1", 2, new BigDecimal("29.99")),
                new OrderLine("ITEM-2", 1, new BigDecimal("0.02")), new OrderLine("ITEM-1", 3, new BigDecimal("29.99"))),
                new BigDecimal("149.97"), "2024-01-15T10:00:00Z");
    }

    @Test
    void aCreatedOrderIsStoredAsTheItemContractSays() {
        assertEquals(OrderStore.Created.STORED, store.create(order("ORD-1", "CUST-1"), "ev-1", NOW).join());
        StoredOrder stored = store.get("ORD-1").join();
        assertEquals("CUST-1", stored.customerId());
        assertEquals(OrderStore.CREATED, stored.status());
        assertEquals("149.97", stored.total().toPlainString());
        assertEquals(Map.of("ITEM-1", 5, "ITEM-2", 1), stored.quantities());
        assertEquals("ev-1", stored.createdEventId());

        var item = fixture.stores().tables().get(fixture.table("orders"), ItemKey.of("ORD-1")).join();
        assertEquals("2024-01-15T10:00:00Z", item.get("created_at").asText());
        assertEquals(NOW.toString(), item.get("updated_at").asText());
        assertEquals("29.99", item.get("items").get(0).get("price").decimalValue().toPlainString());
        assertEquals(2, item.get("items").get(0).get("quantity").intValue());
        assertNull(store.get("ORD-404").join());
    }

    @Test
    void aSecondCreateHasNoEffectAndTheSameEventIsToldFromAnother() {
        store.create(order("ORD-2", "CUST-1"), "ev-1", NOW).join();
        assertEquals(OrderStore.Created.ALREADY_STORED_BY_THIS_EVENT, store.create(order("ORD-2", "CUST-1"), "ev-1", NOW).join());
        assertEquals(OrderStore.Created.DUPLICATE, store.create(order("ORD-2", "CUST-9"), "ev-2", NOW).join());
        assertEquals("CUST-1", store.get("ORD-2").join().customerId(), "the duplicate changed nothing");
    }

    @Test
    void anOrderCompletesOnceAndOnlyFromCreated() {
        assertEquals(OrderStore.Completed.NO_EFFECT, store.complete("ORD-3", NOW).join(), "unknown order");
        store.create(order("ORD-3", "CUST-1"), "ev-1", NOW).join();
        assertEquals(OrderStore.Completed.COMPLETED, store.complete("ORD-3", NOW.plusSeconds(1)).join());
        assertEquals(OrderStore.Completed.NO_EFFECT, store.complete("ORD-3", NOW.plusSeconds(2)).join());
        StoredOrder stored = store.get("ORD-3").join();
        assertEquals(OrderStore.COMPLETED, stored.status());
        assertEquals(NOW.plusSeconds(1).toString(), fixture.stores().tables()
                .get(fixture.table("orders"), ItemKey.of("ORD-3")).join().get("updated_at").asText());
    }
}
