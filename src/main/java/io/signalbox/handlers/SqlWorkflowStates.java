package io.signalbox.handlers;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/**
 * {@link WorkflowStates} on SQLite: one write per event reads the workflow's row, sets the event's attributes
 * and one more on the count; the database's one writer runs it alone, so no count is lost.
 */
public final class SqlWorkflowStates implements WorkflowStates {

    private final SqlDatabase db;
    private final SqlTable table;

    public SqlWorkflowStates(SqlDatabase db, String table) {
        this.db = db;
        this.table = db.table(table);
    }

    @Override
    public CompletableFuture<Void> apply(WorkflowEvent event) {
        return db.write(s -> {
            ObjectNode row = table.get(s, ItemKey.of(event.workflowId()));
            if (row == null) {
                row = Items.object().put("workflow_id", event.workflowId());
            }
            row.put("status", event.status());
            row.put("last_event_type", event.eventType());
            row.put("last_event_id", event.eventId());
            row.put("correlation_id", event.correlationId());
            row.put("updated_at", event.time());
            row.put("event_count", Items.number(row, "event_count") + 1);
            table.put(s, row);
            return null;
        });
    }
}
