package io.signalbox.orders;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An order as stored: its status, total and the quantity of each item summed over its lines.
 *
 * @param createdEventId the idempotency key of the event that stored it
 */
public record StoredOrder(String orderId, String customerId, String status, BigDecimal total,
        Map<String, Integer> quantities, String createdEventId) {

    /** The order an item of the orders table holds ({@link OrderItems}). */
    public static StoredOrder of(ObjectNode item) {
        Map<String, Integer> quantities = new LinkedHashMap<>();
        JsonNode lines = item.get("items");
        if (lines != null) {
            for (JsonNode line : lines) {
                quantities.merge(line.get("item_id").asText(), line.get("quantity").intValue(), Integer::sum);
            }
        }
        JsonNode total = item.get("total");
        return new StoredOrder(item.path("order_id").asText(), item.path("customer_id").asText(null),
                item.path("status").asText(null), total == null || !total.isNumber() ? null : total.decimalValue(),
                quantities, item.path("created_event_id").asText(null));
    }
}
