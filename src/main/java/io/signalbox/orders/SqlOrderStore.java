package io.signalbox.orders;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/** {@link OrderStore} on SQLite: each operation one write (a read and a write in one transaction). */
public final class SqlOrderStore implements OrderStore {

    private final SqlDatabase db;
    private final SqlTable table;

    public SqlOrderStore(SqlDatabase db, String table) {
        this.db = db;
        this.table = db.table(table);
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public CompletableFuture<Created> create(Order order, String eventKey, Instant now) {
        ObjectNode item = OrderItems.created(order, eventKey, now);
        return db.write(s -> {
            if (table.insertIfAbsent(s, item)) {
                return Created.STORED;
            }
            ObjectNode existing = table.get(s, ItemKey.of(order.orderId()));
            return eventKey.equals(existing.path("created_event_id").asText(null))
                    ? Created.ALREADY_STORED_BY_THIS_EVENT : Created.DUPLICATE;
        });
    }

    @Override
    public CompletableFuture<Completed> complete(String orderId, Instant now) {
        return db.write(s -> {
            ObjectNode existing = table.get(s, ItemKey.of(orderId));
            if (existing == null || !CREATED.equals(existing.path("status").asText(null))) {
                return Completed.NO_EFFECT;
            }
            existing.put("status", COMPLETED).put("updated_at", now.toString());
            table.replace(s, existing);
            return Completed.COMPLETED;
        });
    }

    @Override
    public CompletableFuture<StoredOrder> get(String orderId) {
        ObjectNode item = db.read(s -> table.get(s, ItemKey.of(orderId)));
        return CompletableFuture.completedFuture(item == null ? null : StoredOrder.of(item));
    }
}
