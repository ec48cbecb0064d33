package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/**
 * {@link InventoryStore} on SQLite: each change is one write that reads the item, checks its marker and, for a
 * sale, the stock, and writes the new quantity and the marker (its stale markers pruned) back. The database's one
 * writer runs it alone, so concurrent changes of one item are serialised: none is lost, none oversells.
 */
public final class SqlInventoryStore implements InventoryStore {

    private final SqlDatabase db;
    private final SqlTable table;
    private final Duration markerRetention;
    private final int pruneThreshold;

    public SqlInventoryStore(SqlDatabase db, String table, Duration markerRetention, int pruneThreshold) {
        this.db = db;
        this.table = db.table(table);
        this.markerRetention = markerRetention;
        this.pruneThreshold = pruneThreshold;
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public CompletableFuture<AppliedChange> apply(InventoryChange change, String eventKey, Instant eventTime, Instant now) {
        String marker = InventoryStore.marker(eventKey, eventTime);
        return db.write(s -> {
            ObjectNode item = table.get(s, ItemKey.of(change.itemId()));
            long onHand = InventoryItems.quantity(item);
            long q = change.quantity();
            if (InventoryItems.applied(item, marker)) {
                long delta = switch (change.action()) {
                    case RESTOCK -> q;
                    case SALE -> -q;
                    case ADJUST -> q - onHand; // 0 unless it changed since
                };
                return new AppliedChange(change, delta, onHand, true);
            }
            if (change.action() == InventoryAction.SALE && onHand < q) {
                throw new InsufficientStockException(change.itemId(), change.quantity(), onHand);
            }
            long after = switch (change.action()) {
                case RESTOCK -> onHand + q;
                case SALE -> onHand - q;
                case ADJUST -> q;
            };
            ObjectNode changed = InventoryItems.withQuantity(item, change.itemId(), after, now);
            InventoryItems.addMarker(changed, marker, now, markerRetention, pruneThreshold);
            table.put(s, changed);
            return new AppliedChange(change, after - onHand, after, false);
        });
    }

    @Override
    public CompletableFuture<InventoryItem> get(String itemId) {
        ObjectNode item = db.read(s -> table.get(s, ItemKey.of(itemId)));
        return CompletableFuture.completedFuture(item == null ? null : InventoryItem.of(item));
    }
}
