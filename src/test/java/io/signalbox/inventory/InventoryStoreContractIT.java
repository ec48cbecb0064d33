package io.signalbox.inventory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
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
 * {@link InventoryStore}: the same assertions on SQLite ({@link SqlInventoryStore}) and DynamoDB
 * ({@link DynamoDbInventoryStore}).
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class InventoryStoreContractIT {

    static final Instant NOW = Instant.parse("2024-01-15T10:00:05Z");
    static final Duration RETENTION = Duration.ofMinutes(60);
    static final int PRUNE_THRESHOLD = 3;

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    InventoryStore store;
    String table;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("inventory", "item_id", null, null)));
        table = fixture.table("inventory");
        store = fixture.stores().choose(sql -> new SqlInventoryStore(sql, table, RETENTION),
                ddb -> new DynamoDbInventoryStore(ddb.async(), table, RETENTION, PRUNE_THRESHOLD));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static InventoryChange change(String item, InventoryAction action, int quantity) {
        return new InventoryChange(item, action, quantity, "WH-1");
    }

    AppliedChange apply(InventoryChange change, String eventKey) {
        return store.apply(change, eventKey, NOW, NOW).join();
    }

    ObjectNode item(String itemId) {
        return fixture.stores().tables().get(table, ItemKey.of(itemId)).join();
    }

    /** The markers of the events applied to the item (DynamoDB: its applied_events set; SQL: rows beside it). */
    Set<String> markers(String itemId) {
        return store.get(itemId).join().appliedEvents();
    }

    static Throwable failure(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        return e.getCause();
    }

    @Test
    void restockSaleAndAdjustChangeTheQuantityAndAnswerTheirDelta() {
        assertEquals(new AppliedChange(change("ITEM-1", InventoryAction.RESTOCK, 100), 100, 100, false),
                apply(change("ITEM-1", InventoryAction.RESTOCK, 100), "ev-1"));
        assertEquals(new AppliedChange(change("ITEM-1", InventoryAction.SALE, 30), -30, 70, false),
                apply(change("ITEM-1", InventoryAction.SALE, 30), "ev-2"));
        assertEquals(new AppliedChange(change("ITEM-1", InventoryAction.ADJUST, 12), -58, 12, false),
                store.apply(change("ITEM-1", InventoryAction.ADJUST, 12), "ev-3", NOW, NOW.plusSeconds(1)).join());

        // the item contract the agent jobs read
        ObjectNode item = item("ITEM-1");
        assertEquals("ITEM-1", item.get("item_id").asText());
        assertEquals(12, item.get("quantity").longValue());
        assertEquals(NOW.plusSeconds(1).toString(), item.get("updated_at").asText());
        assertFalse(item.has("on_order"), "on_order is not written here");
        assertEquals(Set.of(InventoryStore.marker("ev-1", NOW), InventoryStore.marker("ev-2", NOW),
                InventoryStore.marker("ev-3", NOW)), markers("ITEM-1"));
        InventoryItem read = store.get("ITEM-1").join();
        assertEquals(12, read.quantity());
        assertEquals(0, read.onOrder());
        assertEquals(NOW.plusSeconds(1).toString(), read.updatedAt());
        assertEquals(3, read.appliedEvents().size());
        assertNull(store.get("ITEM-404").join());
    }

    @Test
    void anAdjustOfAnUnknownItemCreatesItAndAChangeKeepsOnOrder() {
        assertEquals(new AppliedChange(change("ITEM-2", InventoryAction.ADJUST, 9), 9, 9, false),
                apply(change("ITEM-2", InventoryAction.ADJUST, 9), "ev-1"));
        assertEquals(9, item("ITEM-2").get("quantity").longValue());

        // an item another system wrote, with stock on order
        fixture.stores().tables().put(table, Items.object().put("item_id", "ITEM-3").put("quantity", 4)
                .put("on_order", 20).put("updated_at", "2024-01-01T00:00:00Z")).join();
        assertEquals(10, apply(change("ITEM-3", InventoryAction.RESTOCK, 6), "ev-2").quantityOnHand());
        assertEquals(20, item("ITEM-3").get("on_order").longValue());
        assertEquals(20, store.get("ITEM-3").join().onOrder());
    }

    @Test
    void aSaleBeyondStockFailsAndChangesNothing() {
        apply(change("ITEM-4", InventoryAction.RESTOCK, 5), "ev-1");
        Throwable refused = failure(store.apply(change("ITEM-4", InventoryAction.SALE, 6), "ev-2", NOW, NOW.plusSeconds(1)));
        assertInstanceOf(InsufficientStockException.class, refused);
        assertEquals("Insufficient stock for ITEM-4: sale of 6 but 5 on hand", refused.getMessage());
        ObjectNode item = item("ITEM-4");
        assertEquals(5, item.get("quantity").longValue());
        assertEquals(NOW.toString(), item.get("updated_at").asText());
        assertEquals(Set.of(InventoryStore.marker("ev-1", NOW)), markers("ITEM-4"), "the refused sale left no marker");

        Throwable unknown = failure(store.apply(change("ITEM-404", InventoryAction.SALE, 1), "ev-3", NOW, NOW));
        assertEquals("Insufficient stock for ITEM-404: sale of 1 but 0 on hand", unknown.getMessage());
        assertNull(item("ITEM-404"), "a refused sale creates no item");
    }

    @Test
    void fiftyConcurrentSalesOfOneOnStockThirtySellThirtyAndNeverOversell() throws Exception {
        apply(change("ITEM-5", InventoryAction.RESTOCK, 30), "restock");
        List<CompletableFuture<AppliedChange>> sales = concurrently(50,
                i -> store.apply(change("ITEM-5", InventoryAction.SALE, 1), "sale-" + i, NOW, NOW));
        List<Long> left = new ArrayList<>();
        int refused = 0;
        for (CompletableFuture<AppliedChange> sale : sales) {
            try {
                AppliedChange applied = sale.join();
                assertEquals(-1, applied.quantityChange());
                left.add(applied.quantityOnHand());
            } catch (CompletionException e) {
                assertInstanceOf(InsufficientStockException.class, e.getCause(), e.getCause().toString());
                refused++;
            }
        }
        assertEquals(30, left.size(), "sales that succeeded");
        assertEquals(20, refused, "sales refused");
        // each sale saw the quantity another left: 29 down to 0, every one once (no update lost, none below 0)
        assertEquals(LongStream.range(0, 30).boxed().collect(Collectors.toSet()), new HashSet<>(left));
        assertEquals(0, item("ITEM-5").get("quantity").longValue());
    }

    @Test
    void concurrentRestocksLoseNoUpdate() throws Exception {
        List<CompletableFuture<AppliedChange>> restocks = concurrently(40,
                i -> store.apply(change("ITEM-6", InventoryAction.RESTOCK, 2), "restock-" + i, NOW, NOW));
        Set<Long> after = new HashSet<>();
        restocks.forEach(r -> after.add(r.join().quantityOnHand()));
        assertEquals(40, after.size(), "every restock saw a quantity of its own");
        assertEquals(80, item("ITEM-6").get("quantity").longValue());
        assertEquals(40, markers("ITEM-6").size());
    }

    @Test
    void aRedeliveryAppliesNothingTwiceAndAnswersTheDelta() {
        AppliedChange restock = apply(change("ITEM-7", InventoryAction.RESTOCK, 7), "ev-1");
        assertEquals(new AppliedChange(change("ITEM-7", InventoryAction.RESTOCK, 7), 7, 7, true),
                store.apply(change("ITEM-7", InventoryAction.RESTOCK, 7), "ev-1", NOW, NOW.plusSeconds(9)).join());
        assertFalse(restock.alreadyApplied());
        apply(change("ITEM-7", InventoryAction.SALE, 2), "ev-2");
        assertEquals(new AppliedChange(change("ITEM-7", InventoryAction.SALE, 2), -2, 5, true),
                apply(change("ITEM-7", InventoryAction.SALE, 2), "ev-2"));
        apply(change("ITEM-7", InventoryAction.ADJUST, 3), "ev-3");
        assertEquals(new AppliedChange(change("ITEM-7", InventoryAction.ADJUST, 3), 0, 3, true),
                apply(change("ITEM-7", InventoryAction.ADJUST, 3), "ev-3"));
        ObjectNode item = item("ITEM-7");
        assertEquals(3, item.get("quantity").longValue());
        assertEquals(NOW.toString(), item.get("updated_at").asText(), "a redelivery writes nothing");
        assertEquals(3, markers("ITEM-7").size());
    }

    @Test
    void concurrentDeliveriesOfOneEventApplyItOnce() throws Exception {
        apply(change("ITEM-8", InventoryAction.RESTOCK, 10), "restock");
        List<CompletableFuture<AppliedChange>> deliveries = concurrently(8,
                i -> store.apply(change("ITEM-8", InventoryAction.SALE, 4), "sale", NOW, NOW));
        long applied = deliveries.stream().filter(d -> !d.join().alreadyApplied()).count();
        assertEquals(1, applied);
        deliveries.forEach(d -> assertEquals(-4, d.join().quantityChange()));
        assertEquals(6, item("ITEM-8").get("quantity").longValue());
    }

    @Test
    void staleMarkersAreForgottenAndFreshOnesStillStopARedelivery() {
        if (engine == Stores.Engine.DYNAMODB) {
            // in the item: pruned once PRUNE_THRESHOLD stale ones have gathered, so pruning is not paid for each
            Instant old = NOW.minus(RETENTION).minusSeconds(60);
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "old-1", old, NOW).join();
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "old-2", old, NOW).join();
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "fresh", NOW, NOW).join();
            // three markers, two of them stale: fewer stale than the threshold, all kept
            assertEquals(Set.of(InventoryStore.marker("old-1", old), InventoryStore.marker("old-2", old),
                    InventoryStore.marker("fresh", NOW)), markers("ITEM-9"));
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "old-3", old, NOW).join();
            // the DynamoDB adapter prunes right after the change
            await().atMost(Duration.ofSeconds(30)).until(() -> markers("ITEM-9").equals(Set.of(InventoryStore.marker("fresh", NOW))));
            assertTrue(store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "fresh", NOW, NOW).join().alreadyApplied(),
                    "the fresh marker still stops a redelivery");
        } else {
            // rows of their own, expiring RETENTION after their event, deleted by the database's sweeper (real time)
            Instant now = Instant.now();
            Instant old = now.minus(RETENTION).minusSeconds(60);
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "old-1", old, now).join();
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "old-2", old, now).join();
            store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "fresh", now, now).join();
            assertEquals(3, markers("ITEM-9").size());
            fixture.database().sweep();
            assertEquals(Set.of(InventoryStore.marker("fresh", now)), markers("ITEM-9"));
            assertTrue(store.apply(change("ITEM-9", InventoryAction.RESTOCK, 1), "fresh", now, now).join().alreadyApplied(),
                    "the fresh marker still stops a redelivery");
        }
        assertEquals(3 + (engine == Stores.Engine.DYNAMODB ? 1 : 0), item("ITEM-9").get("quantity").longValue());
    }

    /** {@code n} operations started from 8 threads at once; answers their futures. */
    static <T> List<CompletableFuture<T>> concurrently(int n, java.util.function.IntFunction<CompletableFuture<T>> op)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<T>>> started = IntStream.range(0, n)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return op.apply(i);
                }, pool)).toList();
        go.countDown();
        List<CompletableFuture<T>> results = started.stream().map(CompletableFuture::join).toList();
        CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        return results;
    }
}
