package io.signalbox.inventory;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated {@code Inventory Updated} detail (seed 001: {@code item_id}, {@code quantity}, {@code action}
 * restock | sale | adjust; seed 000's {@code warehouse_id} when present).
 */
public record InventoryChange(String itemId, InventoryAction action, int quantity, String warehouseId) {

    public static InventoryChange parse(JsonNode detail) {
        if (detail == null || !detail.isObject()) {
            throw new InvalidInventoryEventException("Inventory Updated detail is not a JSON object");
        }
        JsonNode id = detail.get("item_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new InvalidInventoryEventException("Inventory Updated: item_id must be a non-empty string");
        }
        String itemId = id.asText();
        JsonNode a = detail.get("action");
        InventoryAction action;
        try {
            action = InventoryAction.valueOf(a == null ? "" : a.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInventoryEventException("Inventory Updated for " + itemId
                    + ": action must be restock, sale or adjust, not " + a);
        }
        JsonNode q = detail.get("quantity");
        int min = action == InventoryAction.ADJUST ? 0 : 1;
        if (q == null || !q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() < min) {
            throw new InvalidInventoryEventException("Inventory Updated for " + itemId + ": quantity of " + action.id()
                    + " must be a whole number of at least " + min + ", not " + q);
        }
        JsonNode w = detail.get("warehouse_id");
        return new InventoryChange(itemId, action, q.intValue(), w != null && w.isValueNode() && !w.isNull() ? w.asText() : null);
    }
}
