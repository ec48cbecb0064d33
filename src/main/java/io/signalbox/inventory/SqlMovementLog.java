package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/** {@link MovementLog} on SQLite: an insert that does nothing when the movement is there already. */
public final class SqlMovementLog implements MovementLog {

    private final SqlDatabase db;
    private final SqlTable table;
    private final Duration retention;

    public SqlMovementLog(SqlDatabase db, String table, Duration retention) {
        this.db = db;
        this.table = db.table(table);
        this.retention = retention;
    }

    @Override
    public CompletableFuture<Void> record(AppliedChange applied, String movementId, String reference, Instant eventTime) {
        ObjectNode item = MovementItems.of(applied, movementId, reference, eventTime, retention);
        if (item == null) {
            return CompletableFuture.completedFuture(null);
        }
        return db.write(s -> {
            table.insertIfAbsent(s, item); // false: recorded by an earlier delivery
            return null;
        });
    }
}
