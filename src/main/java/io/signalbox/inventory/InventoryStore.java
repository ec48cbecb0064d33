package io.signalbox.inventory;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code inventory} table, in domain terms. Item contract (the agent jobs read it): {@code item_id}
 * (partition key), {@code quantity} (on hand, never negative), {@code on_order} (optional, absent = 0; not written
 * here), {@code updated_at}, and {@code applied_events}, the markers of the events whose change was applied
 * ({@link InventoryItems}). Two adapters: {@link SqlInventoryStore} (SQLite) and {@link DynamoDbInventoryStore}.
 *
 * <p>A change is applied atomically: concurrent changes to one item lose no update and a sale never takes the
 * quantity below zero. Each change adds its event's marker ({@link #marker}) in the same write, so that a
 * redelivery of an event whose change was written but whose {@code Inventory Update} was not published (the router
 * releases its idempotency claim on failure) finds its marker and does not apply the change twice. Markers older
 * than the retention are pruned once enough of them have gathered, so the item stays small.
 */
public interface InventoryStore {

    String table();

    /**
     * Applies the change once per event key; a sale beyond stock fails with {@link InsufficientStockException}
     * and changes nothing. A redelivery (the event's marker is on the item) writes nothing and answers
     * {@link AppliedChange#alreadyApplied()} with the change's delta and the quantity now.
     */
    CompletableFuture<AppliedChange> apply(InventoryChange change, String eventKey, Instant eventTime, Instant now);

    /** The item now (strongly consistent), or null. */
    CompletableFuture<InventoryItem> get(String itemId);

    /** The marker of an event's change: {@code <event time, epoch s>#<event key>}. */
    static String marker(String eventKey, Instant eventTime) {
        return eventTime.getEpochSecond() + "#" + eventKey;
    }
}
