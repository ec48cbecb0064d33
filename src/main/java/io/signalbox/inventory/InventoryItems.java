package io.signalbox.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/**
 * The item of the inventory table as plain JSON, the same in both engines: {@code item_id}, {@code quantity},
 * {@code on_order} (never written here, kept as it is), {@code updated_at}; in DynamoDB also {@code applied_events},
 * the string set of markers (SQL keeps them in rows of their own, {@link SqlInventoryStore}). Used by every SQL write
 * of the table (the inventory store's changes and the workflow's reservations), so they all keep one format.
 */
public final class InventoryItems {

    public static final String MARKERS = "applied_events";

    private InventoryItems() {
    }

    /** The quantity on hand of an item; 0 for no item or no quantity. */
    public static long quantity(JsonNode item) {
        return Items.number(item, "quantity");
    }

    /**
     * {@code item} (changed in place; a new item of {@code itemId} when null) with {@code quantity} on hand,
     * updated at {@code now}; its other attributes as they were.
     */
    public static ObjectNode withQuantity(ObjectNode item, String itemId, long quantity, Instant now) {
        ObjectNode changed = item != null ? item : Items.object().put("item_id", itemId);
        changed.put("quantity", quantity);
        changed.put("updated_at", now.toString());
        return changed;
    }

    /** The markers of the events applied to the item. */
    static Set<String> markers(JsonNode item) {
        Set<String> markers = new LinkedHashSet<>();
        JsonNode array = item == null ? null : item.get(MARKERS);
        if (array != null && array.isArray()) {
            array.forEach(m -> markers.add(m.asText()));
        }
        return markers;
    }

    /**
     * The markers to prune: those whose event time is older than the retention (or that are not markers), once
     * {@code pruneThreshold} of them have gathered; otherwise none, so pruning is not paid for a marker at a time.
     */
    static List<String> stale(Collection<String> markers, Instant now, Duration retention, int pruneThreshold) {
        if (markers.size() < pruneThreshold) {
            return List.of();
        }
        long oldest = now.minus(retention).getEpochSecond();
        List<String> stale = new ArrayList<>();
        for (String m : markers) {
            int hash = m.indexOf('#');
            try {
                if (hash > 0 && Long.parseLong(m.substring(0, hash)) < oldest) {
                    stale.add(m);
                }
            } catch (NumberFormatException e) {
                stale.add(m);
            }
        }
        return stale.size() >= pruneThreshold ? stale : List.of();
    }
}
