package io.signalbox.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.inventory.DynamoDbInventoryStore;
import io.signalbox.inventory.InventoryAction;
import io.signalbox.inventory.InventoryChange;
import io.signalbox.inventory.InventoryStore;
import io.signalbox.inventory.SqlInventoryStore;
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
 * {@link WorkflowStore}: the same assertions on SQLite ({@link SqlWorkflowStore}) and DynamoDB
 * ({@link DynamoDbWorkflowStore}). The stock is put in with the inventory store of the same engine, so the
 * reservation is seen to read and write its items.
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class WorkflowStoreContractIT {

    static final Instant NOW = Instant.parse("2024-01-15T10:00:00Z");
    static final Instant STOCKED = NOW.minusSeconds(60);

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    WorkflowStore store;
    InventoryStore inventory;
    String inventoryTable;
    String workflowsTable;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("workflows", "workflow_id", null, null),
                new ResourceDeclarations.Table("inventory", "item_id", null, null)));
        workflowsTable = fixture.table("workflows");
        inventoryTable = fixture.table("inventory");
        store = fixture.stores().choose(sql -> new SqlWorkflowStore(sql, workflowsTable, inventoryTable),
                ddb -> new DynamoDbWorkflowStore(ddb.async(), workflowsTable, inventoryTable));
        inventory = fixture.stores().choose(sql -> new SqlInventoryStore(sql, inventoryTable, Duration.ofHours(1)),
                ddb -> new DynamoDbInventoryStore(ddb.async(), inventoryTable, Duration.ofHours(1), 20));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    void stock(String item, int quantity) {
        inventory.apply(new InventoryChange(item, InventoryAction.RESTOCK, quantity, null), "stock-" + item, STOCKED,
                STOCKED).join();
    }

    ObjectNode inventoryItem(String item) {
        return fixture.stores().tables().get(inventoryTable, ItemKey.of(item)).join();
    }

    long quantity(String item) {
        return inventoryItem(item).get("quantity").longValue();
    }

    ObjectNode workflowItem(String workflowId) {
        return fixture.stores().tables().get(workflowsTable, ItemKey.of(workflowId)).join();
    }

    WorkflowRun start(String workflowId) {
        return store.start(workflowId, "ORD-" + workflowId, "trigger-" + workflowId, NOW).join();
    }

    static Map<String, Integer> lines(Object... itemAndQuantity) {
        Map<String, Integer> lines = new LinkedHashMap<>();
        for (int i = 0; i < itemAndQuantity.length; i += 2) {
            lines.put((String) itemAndQuantity[i], (Integer) itemAndQuantity[i + 1]);
        }
        return lines;
    }

    static List<BranchOutcome> outcomes(String orderStatus, String inventoryStatus) {
        return List.of(new BranchOutcome("order", orderStatus, "order reason", NOW, NOW.plusMillis(40)),
                new BranchOutcome("inventory", inventoryStatus, "inventory reason", NOW, NOW.plusMillis(25)));
    }

    static String refusal(CompletableFuture<?> future) {
        CompletionException e = assertThrows(CompletionException.class, future::join);
        assertInstanceOf(IllegalStateException.class, e.getCause());
        return e.getCause().getMessage();
    }

    @Test
    void aWorkflowStartsOnceAndTheEventThatStartedItResumesIt() {
        WorkflowRun run = store.start("WF-1", "ORD-1", "ev-1", NOW).join();
        assertEquals(new WorkflowRun("WF-1", "ORD-1", "ev-1", NOW), run);
        ObjectNode item = workflowItem("WF-1");
        assertEquals("ORD-1", item.get("order_id").asText());
        assertEquals("running", item.get("status").asText());
        assertEquals(NOW.toString(), item.get("started_at").asText());
        assertEquals("ev-1", item.get("trigger_event_id").asText());

        assertNull(store.start("WF-1", "ORD-9", "ev-2", NOW.plusSeconds(5)).join(), "a second trigger has no effect");
        assertEquals("ORD-1", workflowItem("WF-1").get("order_id").asText());
        assertEquals(run, store.start("WF-1", "ORD-1", "ev-1", NOW.plusSeconds(9)).join(),
                "a redelivery of its trigger resumes the run as it started");

        store.finish(run, outcomes(BranchOutcome.SUCCEEDED, BranchOutcome.SUCCEEDED), NOW.plusSeconds(1)).join();
        assertNull(store.start("WF-1", "ORD-1", "ev-1", NOW.plusSeconds(10)).join(), "an ended run is not resumed");
        StoredWorkflow stored = store.get("WF-1").join();
        assertEquals("ev-1", stored.triggerEventId());
        assertEquals(NOW, stored.startedAt());
        assertNull(store.get("WF-404").join());
    }

    @Test
    void aReservationTakesEveryQuantityOrNone() {
        stock("ITEM-A", 10);
        stock("ITEM-B", 5);
        stock("ITEM-C", 1);
        WorkflowRun run = start("WF-2");

        assertEquals("insufficient stock for ITEM-C (needs 3): nothing reserved",
                refusal(store.reserve(run, lines("ITEM-A", 2, "ITEM-B", 1, "ITEM-C", 3), NOW)));
        assertEquals(10, quantity("ITEM-A"));
        assertEquals(5, quantity("ITEM-B"));
        assertEquals(1, quantity("ITEM-C"));
        assertEquals(STOCKED.toString(), inventoryItem("ITEM-A").get("updated_at").asText(), "no item changed");
        assertFalse(workflowItem("WF-2").has("reservation"));
        assertEquals("insufficient stock for ITEM-B (needs 6), ITEM-X (needs 1): nothing reserved",
                refusal(store.reserve(run, lines("ITEM-A", 2, "ITEM-B", 6, "ITEM-X", 1), NOW)),
                "every short item is named, one that does not exist too");
        assertEquals(10, quantity("ITEM-A"));

        Instant at = NOW.plusSeconds(1);
        assertEquals("reserved {ITEM-A=2, ITEM-B=1, ITEM-C=1} for order ORD-WF-2",
                store.reserve(run, lines("ITEM-A", 2, "ITEM-B", 1, "ITEM-C", 1), at).join());
        assertEquals(8, quantity("ITEM-A"));
        assertEquals(4, quantity("ITEM-B"));
        assertEquals(0, quantity("ITEM-C"));
        // the inventory item keeps its format: quantity, updated_at, the markers of its changes
        ObjectNode a = inventoryItem("ITEM-A");
        assertEquals(at.toString(), a.get("updated_at").asText());
        assertEquals(8, inventory.get("ITEM-A").join().quantity());
        assertEquals(1, inventory.get("ITEM-A").join().appliedEvents().size(), "the restock's marker is kept");
        ObjectNode wf = workflowItem("WF-2");
        assertEquals(2, wf.get("reservation").get("ITEM-A").longValue());
        assertEquals(1, wf.get("reservation").get("ITEM-C").longValue());
        assertEquals(at.toString(), wf.get("reserved_at").asText());
        assertEquals(Map.of("ITEM-A", 2L, "ITEM-B", 1L, "ITEM-C", 1L), store.get("WF-2").join().reservation());

        assertEquals("already reserved for order ORD-WF-2",
                store.reserve(run, lines("ITEM-A", 2, "ITEM-B", 1, "ITEM-C", 1), NOW.plusSeconds(2)).join());
        assertEquals(8, quantity("ITEM-A"), "a second reservation takes nothing");
    }

    @Test
    void aRunNoLongerRunningReservesNothing() {
        stock("ITEM-D", 10);
        WorkflowRun run = start("WF-3");
        store.finish(run, outcomes(BranchOutcome.TIMED_OUT, BranchOutcome.SUCCEEDED), NOW.plusSeconds(1)).join();
        assertEquals("workflow WF-3 is no longer running (failed): nothing reserved",
                refusal(store.reserve(run, lines("ITEM-D", 4), NOW.plusSeconds(2))));
        assertEquals(10, quantity("ITEM-D"));
        assertFalse(workflowItem("WF-3").has("reservation"));
        assertEquals("workflow WF-404 is no longer running (missing): nothing reserved",
                refusal(store.reserve(new WorkflowRun("WF-404", "ORD-1", "ev", NOW), lines("ITEM-D", 1), NOW)));
        assertEquals(10, quantity("ITEM-D"));
    }

    @Test
    void aRunFinishesOnceAndOnlyFromRunning() {
        WorkflowRun run = start("WF-4");
        Instant end = NOW.plusMillis(1500);
        StoredWorkflow finished = store.finish(run, outcomes(BranchOutcome.SUCCEEDED, BranchOutcome.SUCCEEDED), end).join();
        assertEquals("succeeded", finished.status());
        assertEquals(end.toString(), finished.finishedAt());
        assertEquals(BranchOutcome.SUCCEEDED, finished.branches().get("order").status());
        ObjectNode wf = workflowItem("WF-4");
        assertEquals("succeeded", wf.get("status").asText());
        assertEquals(1500, wf.get("duration_ms").longValue());
        assertEquals(end.toString(), wf.get("finished_at").asText());
        assertFalse(wf.has("reason"));
        ObjectNode order = (ObjectNode) wf.get("branches").get("order");
        assertEquals("succeeded", order.get("status").asText());
        assertEquals("order reason", order.get("reason").asText());
        assertEquals(NOW.toString(), order.get("started_at").asText());
        assertEquals(NOW.plusMillis(40).toString(), order.get("finished_at").asText());
        assertEquals(40, order.get("duration_ms").longValue());
        assertEquals(25, wf.get("branches").get("inventory").get("duration_ms").longValue());

        assertNull(store.finish(run, outcomes(BranchOutcome.FAILED, BranchOutcome.SUCCEEDED), end.plusSeconds(5)).join(),
                "an ended run does not end again");
        ObjectNode again = workflowItem("WF-4");
        assertEquals("succeeded", again.get("status").asText());
        assertEquals(end.toString(), again.get("finished_at").asText());
        assertNull(store.finish(new WorkflowRun("WF-404", "ORD-1", "ev", NOW), outcomes(BranchOutcome.SUCCEEDED,
                BranchOutcome.SUCCEEDED), end).join());
        assertNull(workflowItem("WF-404"), "finishing an unknown run writes nothing");
    }

    @Test
    void aFailedRunGivesItsReservationBackExactlyOnce() {
        stock("ITEM-E", 10);
        stock("ITEM-F", 3);
        WorkflowRun run = start("WF-5");
        store.reserve(run, lines("ITEM-E", 4, "ITEM-F", 3), NOW).join();
        assertEquals(6, quantity("ITEM-E"));
        assertEquals(0, quantity("ITEM-F"));

        Instant end = NOW.plusSeconds(2);
        StoredWorkflow failed = store.finish(run, outcomes(BranchOutcome.FAILED, BranchOutcome.SUCCEEDED), end).join();
        assertEquals("failed", failed.status());
        assertEquals("order failed: order reason", failed.reason());
        assertEquals(end.toString(), failed.reservationReleased());
        assertEquals(10, quantity("ITEM-E"));
        assertEquals(3, quantity("ITEM-F"));
        assertEquals(end.toString(), inventoryItem("ITEM-E").get("updated_at").asText());
        ObjectNode wf = workflowItem("WF-5");
        assertEquals("order failed: order reason", wf.get("reason").asText());
        assertEquals(end.toString(), wf.get("reservation_released").asText());
        assertTrue(wf.has("reservation"), "the reservation stays on record");

        assertNull(store.finish(run, outcomes(BranchOutcome.FAILED, BranchOutcome.TIMED_OUT), end.plusSeconds(1)).join());
        assertNull(store.finish(run, outcomes(BranchOutcome.FAILED, BranchOutcome.SUCCEEDED), end.plusSeconds(2)).join());
        assertEquals(10, quantity("ITEM-E"), "given back once");
        assertEquals(3, quantity("ITEM-F"));
        assertEquals(end.toString(), workflowItem("WF-5").get("reservation_released").asText());
    }

    @Test
    void aFailedRunWithoutReservationReleasesNothing() {
        stock("ITEM-G", 5);
        WorkflowRun run = start("WF-6");
        StoredWorkflow failed = store.finish(run, outcomes(BranchOutcome.SUCCEEDED, BranchOutcome.FAILED),
                NOW.plusSeconds(1)).join();
        assertEquals("failed", failed.status());
        assertEquals("inventory failed: inventory reason", failed.reason());
        assertNull(failed.reservationReleased());
        assertFalse(workflowItem("WF-6").has("reservation_released"));
        assertEquals(5, quantity("ITEM-G"));
        assertEquals(STOCKED.toString(), inventoryItem("ITEM-G").get("updated_at").asText());
    }
}
