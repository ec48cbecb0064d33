package io.signalbox.workflows;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.inventory.InventoryItems;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlSession;
import io.signalbox.store.SqlTable;

/**
 * {@link WorkflowStore} on SQLite: each operation one write. The reservation reads the run and every inventory
 * item it needs, decides, and then takes every quantity and records the reservation, or changes nothing; the
 * database's one writer runs it alone, so no other change comes between the reads and the writes. A failed run's
 * finish gives the reservation back in the same write. Inventory items keep {@link InventoryItems}' format.
 */
public final class SqlWorkflowStore implements WorkflowStore {

    private final SqlDatabase db;
    private final SqlTable table;
    private final SqlTable inventory;

    public SqlWorkflowStore(SqlDatabase db, String table, String inventoryTable) {
        this.db = db;
        this.table = db.table(table);
        this.inventory = db.table(inventoryTable);
    }

    @Override
    public CompletableFuture<WorkflowRun> start(String workflowId, String orderId, String eventKey, Instant now) {
        ObjectNode item = WorkflowItems.started(workflowId, orderId, eventKey, now);
        return db.write(s -> {
            if (table.insertIfAbsent(s, item)) {
                return new WorkflowRun(workflowId, orderId, eventKey, now);
            }
            ObjectNode existing = table.get(s, ItemKey.of(workflowId));
            return eventKey.equals(Items.text(existing, "trigger_event_id"))
                    && RUNNING.equals(Items.text(existing, "status"))
                            ? new WorkflowRun(workflowId, orderId, eventKey, Instant.parse(Items.text(existing, "started_at")))
                            : null;
        });
    }

    @Override
    public CompletableFuture<String> reserve(WorkflowRun run, Map<String, Integer> quantities, Instant now) {
        return db.write(s -> {
            ObjectNode workflow = table.get(s, ItemKey.of(run.workflowId()));
            String status = Items.text(workflow, "status");
            if (workflow == null || !RUNNING.equals(status) || workflow.has("reservation")) {
                if (workflow != null && workflow.has("reservation")) {
                    return "already reserved for order " + run.orderId();
                }
                throw new IllegalStateException("workflow " + run.workflowId() + " is no longer running ("
                        + (workflow == null ? "missing" : status) + "): nothing reserved");
            }
            Map<String, ObjectNode> items = new LinkedHashMap<>();
            List<String> short_ = new ArrayList<>();
            for (Map.Entry<String, Integer> line : quantities.entrySet()) {
                ObjectNode item = inventory.get(s, ItemKey.of(line.getKey()));
                JsonNode onHand = item == null ? null : item.get("quantity");
                if (onHand == null || !onHand.isNumber() || onHand.longValue() < line.getValue()) {
                    short_.add(line.getKey() + " (needs " + line.getValue() + ")");
                }
                items.put(line.getKey(), item);
            }
            if (!short_.isEmpty()) {
                throw new IllegalStateException("insufficient stock for " + String.join(", ", short_) + ": nothing reserved");
            }
            for (Map.Entry<String, ObjectNode> item : items.entrySet()) {
                long left = InventoryItems.quantity(item.getValue()) - quantities.get(item.getKey());
                inventory.replace(s, InventoryItems.withQuantity(item.getValue(), item.getKey(), left, now));
            }
            workflow.set("reservation", WorkflowItems.reservation(quantities));
            workflow.put("reserved_at", now.toString());
            table.replace(s, workflow);
            return "reserved " + quantities + " for order " + run.orderId();
        });
    }

    @Override
    public CompletableFuture<StoredWorkflow> finish(WorkflowRun run, List<BranchOutcome> outcomes, Instant now) {
        return db.write(s -> {
            ObjectNode workflow = table.get(s, ItemKey.of(run.workflowId()));
            if (workflow == null) {
                return null;
            }
            if (!RUNNING.equals(Items.text(workflow, "status"))) {
                // already ended. A failed run's release is written with its status, so none is owed; should one
                // be (a row written otherwise), a failed run still holds no stock afterwards
                if (FAILED.equals(Items.text(workflow, "status")) && release(s, workflow, now)) {
                    table.replace(s, workflow);
                }
                return null;
            }
            WorkflowItems.finished(workflow, run, outcomes, now);
            if (FAILED.equals(Items.text(workflow, "status"))) {
                release(s, workflow, now);
            }
            table.replace(s, workflow);
            return StoredWorkflow.of(workflow);
        });
    }

    /**
     * Gives a failed run's reservation back to the inventory, once: marks the run {@code reservation_released}
     * (the caller writes it); answers whether there was anything to give back.
     */
    private boolean release(SqlSession s, ObjectNode workflow, Instant now) throws SQLException {
        JsonNode reservation = workflow.get("reservation");
        if (reservation == null || !reservation.isObject() || workflow.has("reservation_released")) {
            return false;
        }
        var lines = reservation.fields();
        while (lines.hasNext()) {
            Map.Entry<String, JsonNode> line = lines.next();
            ObjectNode item = inventory.get(s, ItemKey.of(line.getKey()));
            inventory.put(s, InventoryItems.withQuantity(item, line.getKey(),
                    InventoryItems.quantity(item) + line.getValue().longValue(), now));
        }
        workflow.put("reservation_released", now.toString());
        return true;
    }

    @Override
    public CompletableFuture<StoredWorkflow> get(String workflowId) {
        ObjectNode item = db.read(s -> table.get(s, ItemKey.of(workflowId)));
        return CompletableFuture.completedFuture(item == null ? null : StoredWorkflow.of(item));
    }
}
