package io.signalbox.workflows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/**
 * A run of seed 001's workflow as stored ({@link WorkflowItems}).
 *
 * @param reservation          the quantity reserved per inventory item; empty when nothing was reserved
 * @param branches             each branch's outcome; empty while it runs
 * @param reservationReleased  when a failed run gave its reservation back, or null
 */
public record StoredWorkflow(String workflowId, String orderId, String status, String triggerEventId,
        Instant startedAt, Map<String, Long> reservation, Map<String, BranchOutcome> branches, String finishedAt,
        String reason, String reservationReleased) {

    public boolean reserved() {
        return !reservation.isEmpty();
    }

    public static StoredWorkflow of(ObjectNode item) {
        Map<String, Long> reservation = new LinkedHashMap<>();
        JsonNode r = item.get("reservation");
        if (r != null && r.isObject()) {
            r.fields().forEachRemaining(f -> reservation.put(f.getKey(), f.getValue().longValue()));
        }
        Map<String, BranchOutcome> branches = new LinkedHashMap<>();
        JsonNode b = item.get("branches");
        if (b != null && b.isObject()) {
            b.fields().forEachRemaining(f -> branches.put(f.getKey(), new BranchOutcome(f.getKey(),
                    Items.text(f.getValue(), "status"), Items.text(f.getValue(), "reason"),
                    instant(Items.text(f.getValue(), "started_at")), instant(Items.text(f.getValue(), "finished_at")))));
        }
        return new StoredWorkflow(Items.text(item, "workflow_id"), Items.text(item, "order_id"),
                Items.text(item, "status"), Items.text(item, "trigger_event_id"),
                instant(Items.text(item, "started_at")), reservation, branches, Items.text(item, "finished_at"),
                Items.text(item, "reason"), Items.text(item, "reservation_released"));
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
