package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.Page;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/**
 * {@link InventoryStore} on SQLite: each change is one write that records the event's marker, reads the item, checks
 * the stock for a sale, and writes the new quantity. The database's one writer runs it alone, so concurrent changes
 * of one item are serialised: none is lost, none oversells.
 *
 * <p>The markers are rows of their own, in {@code <inventory table>-applied-events} (key {@code item_id} +
 * {@code marker}, expiring {@code signalbox.inventory.marker-retention-minutes} after the event's time, deleted by the
 * database's sweeper), where DynamoDB keeps them in the item's {@code applied_events} set: a marker costs one small
 * row, not a longer item to read and write back with every change of that item.
 */
public final class SqlInventoryStore implements InventoryStore {

    private final SqlDatabase db;
    private final SqlTable table;
    private final SqlTable markers;
    private final Duration markerRetention;

    public SqlInventoryStore(SqlDatabase db, String table, Duration markerRetention) {
        this.db = db;
        this.table = db.table(table);
        this.markers = db.declare(markersTable(table));
        this.markerRetention = markerRetention;
    }

    /** The table of the applied-event markers of inventory table {@code table}. */
    public static ResourceDeclarations.Table markersTable(String table) {
        return new ResourceDeclarations.Table(table + "-applied-events", "item_id", "marker", "expires_at");
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public CompletableFuture<AppliedChange> apply(InventoryChange change, String eventKey, Instant eventTime, Instant now) {
        String marker = InventoryStore.marker(eventKey, eventTime);
        ObjectNode markerRow = Items.object().put("item_id", change.itemId()).put("marker", marker)
                .put("expires_at", eventTime.plus(markerRetention).getEpochSecond());
        return db.write(s -> {
            boolean first = markers.insertIfAbsent(s, markerRow);
            ObjectNode item = table.get(s, ItemKey.of(change.itemId()));
            long onHand = InventoryItems.quantity(item);
            long q = change.quantity();
            if (!first) {
                long delta = switch (change.action()) {
                    case RESTOCK -> q;
                    case SALE -> -q;
                    case ADJUST -> q - onHand; // 0 unless it changed since
                };
                return new AppliedChange(change, delta, onHand, true);
            }
            if (change.action() == InventoryAction.SALE && onHand < q) {
                // the write fails and is rolled back, its marker with it
                throw new InsufficientStockException(change.itemId(), change.quantity(), onHand);
            }
            long after = switch (change.action()) {
                case RESTOCK -> onHand + q;
                case SALE -> onHand - q;
                case ADJUST -> q;
            };
            ObjectNode changed = InventoryItems.withQuantity(item, change.itemId(), after, now);
            if (item == null) {
                table.insert(s, changed);
            } else {
                table.replace(s, changed);
            }
            return new AppliedChange(change, after - onHand, after, false);
        });
    }

    @Override
    public CompletableFuture<InventoryItem> get(String itemId) {
        return CompletableFuture.completedFuture(db.read(s -> {
            ObjectNode item = table.get(s, ItemKey.of(itemId));
            if (item == null) {
                return null;
            }
            Set<String> applied = new LinkedHashSet<>();
            Page page;
            ItemKey start = null;
            do {
                page = markers.query(s, itemId, null, 1000, start, true);
                page.items().forEach(m -> applied.add(Items.text(m, "marker")));
                start = page.next();
            } while (start != null);
            return InventoryItem.of(item, applied);
        }));
    }
}
