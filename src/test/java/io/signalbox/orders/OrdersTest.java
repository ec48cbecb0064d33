package io.signalbox.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OrdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Order parse(String detail) throws Exception {
        return Orders.parse(JSON.readTree(detail), "2026-12-02T10:00:00Z");
    }

    @Test
    void seedOrderIsValid() throws Exception {
        Order o = parse("{\"order_id\":\"ORD-001\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\","
                + "\"quantity\":2,\"price\":29.99}],\"total\":59.98,\"timestamp\":\"2024-01-15T10:00:00Z\"}");
        assertEquals("ORD-001", o.orderId());
        assertEquals(new BigDecimal("29.99"), o.lines().get(0).price());
        assertEquals(new BigDecimal("59.98"), o.total());
        assertEquals("2024-01-15T10:00:00Z", o.createdAt());
    }

    @Test
    void createdAtFallsBackToTheEventTime() throws Exception {
        Order o = parse("{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":1,\"price\":0}],\"total\":0}");
        assertEquals("2026-12-02T10:00:00Z", o.createdAt());
    }

    @Test
    void totalMustMatchToTheCent() throws Exception {
        // 3 × 0.1 = 0.3 exactly in decimal, whatever binary floating point says
        parse("{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":3,\"price\":0.1}],\"total\":0.3}");
        OrderTotalMismatchException e = assertThrows(OrderTotalMismatchException.class, () -> parse(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":2,\"price\":29.99}],\"total\":59.97}"));
        assertEquals("Order O: total 59.97 does not equal the sum of its lines 59.98", e.getMessage());
    }

    @Test
    void invalidOrdersAreRefusedWithTheField() {
        assertEquals("Order O: items must be a non-empty list", refusal(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[],\"total\":0}"));
        assertEquals("Order O: items[0].quantity must be a positive whole number, not 0", refusal(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":0,\"price\":1}],\"total\":0}"));
        assertEquals("Order O: items[0].quantity must be a positive whole number, not 1.5", refusal(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":1.5,\"price\":1}],\"total\":1.5}"));
        assertEquals("Order O: items[0].price must be a number of at least 0, not -1", refusal(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":1,\"price\":-1}],\"total\":-1}"));
        assertEquals("order: order_id must be a non-empty string", refusal("{\"customer_id\":\"C\"}"));
        assertEquals("Order O: timestamp 'yesterday' is not an ISO-8601 instant (e.g. 2024-01-15T10:00:00Z)", refusal(
                "{\"order_id\":\"O\",\"customer_id\":\"C\",\"items\":[{\"item_id\":\"I\",\"quantity\":1,\"price\":1}],\"total\":1,\"timestamp\":\"yesterday\"}"));
    }

    private static String refusal(String detail) {
        return assertThrows(InvalidOrderException.class, () -> parse(detail)).getMessage();
    }
}
