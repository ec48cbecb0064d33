package io.signalbox.orders;

import java.math.BigDecimal;
import java.util.List;

/**
 * A valid order, as an {@code Order Created} event describes it and the {@code orders} table stores it.
 *
 * @param createdAt ISO-8601 instant: the detail's {@code timestamp}, else the event's time
 */
public record Order(String orderId, String customerId, List<OrderLine> lines, BigDecimal total, String createdAt) {

    public Order {
        lines = List.copyOf(lines);
    }
}
