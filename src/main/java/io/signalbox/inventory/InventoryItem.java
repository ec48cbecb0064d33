package io.signalbox.inventory;

import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/**
 * An item of the inventory table as stored ({@link InventoryItems}).
 *
 * @param onOrder       0 when absent
 * @param appliedEvents the markers of the events applied to it and not yet pruned
 */
public record InventoryItem(String itemId, long quantity, long onOrder, String updatedAt, Set<String> appliedEvents) {

    /** The item as DynamoDB holds it: its markers in its {@code applied_events} set. */
    public static InventoryItem of(ObjectNode item) {
        return of(item, InventoryItems.markers(item));
    }

    /** The item and the markers kept beside it (SQL: rows of their own). */
    public static InventoryItem of(ObjectNode item, Set<String> markers) {
        return new InventoryItem(Items.text(item, "item_id"), InventoryItems.quantity(item),
                Items.number(item, "on_order"), Items.text(item, "updated_at"), Set.copyOf(markers));
    }
}
