package io.signalbox.orders;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads and validates seed 001's {@code Order Created} detail: {@code order_id}, {@code customer_id}, a
 * non-empty {@code items} list of {@code {item_id, quantity, price}} with positive whole quantities and prices
 * of at least 0, and a {@code total} equal to the sum of the lines to the cent. Every refusal is an
 * {@link InvalidOrderException} (a mismatching total an {@link OrderTotalMismatchException}) naming the field.
 */
public final class Orders {

    private Orders() {
    }

    /** The order the detail describes; {@code eventTime} is its created_at when the detail has no timestamp. */
    public static Order parse(JsonNode detail, String eventTime) {
        if (detail == null || !detail.isObject()) {
            throw new InvalidOrderException("Order Created detail is not a JSON object");
        }
        String orderId = text(detail, "order_id", "order");
        String customerId = text(detail, "customer_id", "Order " + orderId);
        JsonNode items = detail.get("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw new InvalidOrderException("Order " + orderId + ": items must be a non-empty list");
        }
        List<OrderLine> lines = new ArrayList<>(items.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "Order " + orderId + ": items[" + i + "]";
            if (!item.isObject()) {
                throw new InvalidOrderException(where + " is not an object");
            }
            String itemId = text(item, "item_id", where);
            JsonNode q = item.get("quantity");
            if (q == null || !q.isIntegralNumber() || !q.canConvertToInt() || q.intValue() <= 0) {
                throw new InvalidOrderException(where + ".quantity must be a positive whole number, not " + q);
            }
            JsonNode p = item.get("price");
            if (p == null || !p.isNumber() || p.decimalValue().signum() < 0) {
                throw new InvalidOrderException(where + ".price must be a number of at least 0, not " + p);
            }
            OrderLine line = new OrderLine(itemId, q.intValue(), exact(p));
            lines.add(line);
            sum = sum.add(line.amount());
        }
        JsonNode t = detail.get("total");
        if (t == null || !t.isNumber() || t.decimalValue().signum() < 0) {
            throw new InvalidOrderException("Order " + orderId + ": total must be a number of at least 0, not " + t);
        }
        BigDecimal total = exact(t);
        if (cents(total).compareTo(cents(sum)) != 0) {
            throw new OrderTotalMismatchException(orderId, total, sum);
        }
        return new Order(orderId, customerId, lines, total, createdAt(detail, eventTime, orderId));
    }

    private static String createdAt(JsonNode detail, String eventTime, String orderId) {
        JsonNode ts = detail.get("timestamp");
        String value = ts != null && ts.isTextual() && !ts.asText().isBlank() ? ts.asText() : eventTime;
        if (value == null || value.isBlank()) {
            return Instant.now().toString();
        }
        try {
            return Instant.parse(value).toString();
        } catch (DateTimeParseException e) {
            throw new InvalidOrderException("Order " + orderId + ": timestamp '" + value
                    + "' is not an ISO-8601 instant (e.g. 2024-01-15T10:00:00Z)");
        }
    }

    /** The number as written (59.98 stays 59.98, not a binary double's expansion). */
    private static BigDecimal exact(JsonNode number) {
        return number.isFloatingPointNumber() ? new BigDecimal(number.asText()) : number.decimalValue();
    }

    static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new InvalidOrderException(where + ": " + field + " must be a non-empty string");
        }
        return v.asText();
    }
}
