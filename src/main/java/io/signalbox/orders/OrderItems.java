package io.signalbox.orders;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/** The item of an order in the orders table, the same in both engines. */
final class OrderItems {

    private OrderItems() {
    }

    /** A new order's item: status {@code created}, stored by the event with {@code eventKey}. */
    static ObjectNode created(Order order, String eventKey, Instant now) {
        ObjectNode item = Items.object();
        item.put("order_id", order.orderId());
        item.put("customer_id", order.customerId());
        ArrayNode lines = item.putArray("items");
        for (OrderLine line : order.lines()) {
            lines.addObject().put("item_id", line.itemId()).put("quantity", line.quantity()).put("price", line.price());
        }
        item.put("total", order.total());
        item.put("created_at", order.createdAt());
        item.put("status", OrderStore.CREATED);
        item.put("updated_at", now.toString());
        item.put("created_event_id", eventKey);
        return item;
    }
}
