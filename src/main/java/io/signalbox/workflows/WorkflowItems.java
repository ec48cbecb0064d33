package io.signalbox.workflows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/** The item of a workflow run in the workflows table and its parts, the same in both engines. */
final class WorkflowItems {

    private WorkflowItems() {
    }

    /** A started run. */
    static ObjectNode started(String workflowId, String orderId, String eventKey, Instant now) {
        ObjectNode item = Items.object();
        item.put("workflow_id", workflowId);
        item.put("order_id", orderId);
        item.put("status", WorkflowStore.RUNNING);
        item.put("started_at", now.toString());
        item.put("trigger_event_id", eventKey);
        return item;
    }

    /** {@code reservation}: the quantity of each item. */
    static ObjectNode reservation(Map<String, Integer> quantities) {
        ObjectNode reservation = Items.object();
        quantities.forEach(reservation::put);
        return reservation;
    }

    /** {@code branches}: each branch's outcome. */
    static ObjectNode branches(List<BranchOutcome> outcomes) {
        ObjectNode branches = Items.object();
        for (BranchOutcome o : outcomes) {
            branches.putObject(o.branch()).put("status", o.status()).put("reason", o.reason())
                    .put("started_at", o.startedAt().toString()).put("finished_at", o.finishedAt().toString())
                    .put("duration_ms", o.durationMs());
        }
        return branches;
    }

    /** What failed, one line per branch that did not succeed; empty when every branch succeeded. */
    static List<String> failures(List<BranchOutcome> outcomes) {
        List<String> failures = new ArrayList<>();
        for (BranchOutcome o : outcomes) {
            if (!o.succeeded()) {
                failures.add(o.branch() + " " + o.status() + ": " + o.reason());
            }
        }
        return failures;
    }

    /** The ended run: its status, branches, end and duration, and for a failed run the reason. */
    static void finished(ObjectNode item, WorkflowRun run, List<BranchOutcome> outcomes, Instant now) {
        List<String> failures = failures(outcomes);
        item.put("status", failures.isEmpty() ? WorkflowStore.SUCCEEDED : WorkflowStore.FAILED);
        item.set("branches", branches(outcomes));
        item.put("finished_at", now.toString());
        item.put("duration_ms", Duration.between(run.startedAt(), now).toMillis());
        if (!failures.isEmpty()) {
            item.put("reason", String.join("; ", failures));
        }
    }
}
