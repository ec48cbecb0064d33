package io.signalbox.workflows;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.camel.builder.Builder.simple;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.signalbox.testing.Seed001Client;
import org.apache.camel.builder.AdviceWith;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Seed 001's workflow against the real stand-ins: both branches recorded; a failing branch fails it, holding no stock. */
class WorkflowIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    static Seed001Client client;

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home).with("signalbox.dlc.initial-delay-ms", "20")
                .with("signalbox.dlc.maximum-delay-ms", "200")
                // short enough for a test to outwait, long enough for a busy machine's branches
                .with("signalbox.workflows.timeout-ms", "5000").start();
        client = new Seed001Client(signalbox);
        // the order branch of orders whose id starts with SLOW- takes longer than the workflow's timeout
        AdviceWith.adviceWith(signalbox.context(), "workflow-order-branch", a -> a.weaveAddFirst()
                .filter(simple("${body.orderId()} starts with 'SLOW-'")).delay(8000));
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void bothBranchesSucceedAndReserveTheOrdersStock() {
        String a = "ITEM-" + UUID.randomUUID();
        String b = "ITEM-" + UUID.randomUUID();
        stock(a, 10);
        stock(b, 5);
        String orderId = order(a, 2, b, 1);
        String workflowId = "WF-" + UUID.randomUUID();
        trigger(workflowId, orderId);

        Map<String, AttributeValue> wf = awaitEnded(workflowId);
        assertEquals("succeeded", wf.get("status").s(), wf.toString());
        assertEquals(orderId, wf.get("order_id").s());
        Map<String, AttributeValue> branches = wf.get("branches").m();
        for (String branch : new String[] {"order", "inventory"}) {
            Map<String, AttributeValue> o = branches.get(branch).m();
            assertEquals("succeeded", o.get("status").s(), branch + ": " + o);
            assertTrue(Long.parseLong(o.get("duration_ms").n()) >= 0);
            assertFalse(Instant.parse(o.get("finished_at").s()).isBefore(Instant.parse(o.get("started_at").s())));
        }
        assertEquals(8, quantity(a));
        assertEquals(4, quantity(b));
        assertEquals("2", wf.get("reservation").m().get(a).n());

        // the same workflow triggered again by another event: no effect
        String finishedAt = wf.get("finished_at").s();
        trigger(workflowId, orderId);
        trigger(workflowId, orderId);
        String other = "WF-" + UUID.randomUUID();
        trigger(other, orderId); // a later workflow, to know the earlier triggers were handled
        awaitEnded(other);
        assertEquals(finishedAt, client.item("workflows", "workflow_id", workflowId).get("finished_at").s());
    }

    @Test
    void insufficientStockFailsTheInventoryBranchAndTheWorkflowReservingNothing() {
        String a = "ITEM-" + UUID.randomUUID();
        String c = "ITEM-" + UUID.randomUUID();
        stock(a, 10);
        stock(c, 3);
        String orderId = order(a, 2, c, 5);
        String workflowId = "WF-" + UUID.randomUUID();
        trigger(workflowId, orderId);

        Map<String, AttributeValue> wf = awaitEnded(workflowId);
        assertEquals("failed", wf.get("status").s());
        Map<String, AttributeValue> inventory = wf.get("branches").m().get("inventory").m();
        assertEquals("failed", inventory.get("status").s());
        assertEquals("insufficient stock for " + c + " (needs 5): nothing reserved", inventory.get("reason").s());
        assertEquals("succeeded", wf.get("branches").m().get("order").m().get("status").s());
        assertTrue(wf.get("reason").s().contains("inventory failed: insufficient stock for " + c), wf.get("reason").s());
        // all lines or none: the line that had stock was not taken either
        assertEquals(10, quantity(a));
        assertEquals(3, quantity(c));
    }

    @Test
    void aFailedOrderBranchGivesTheReservationBack() {
        String a = "ITEM-" + UUID.randomUUID();
        stock(a, 10);
        // an order the workflow cannot process (status neither created nor completed), written as another system would
        String orderId = "ORD-" + UUID.randomUUID();
        signalbox.put("orders", Map.of(
                "order_id", s(orderId), "customer_id", s("CUST-9"), "status", s("cancelled"),
                "total", AttributeValue.builder().n("3").build(), "created_at", s("2024-01-15T10:00:00Z"),
                "updated_at", s("2024-01-15T10:00:00Z"),
                "items", AttributeValue.builder().l(AttributeValue.builder().m(Map.of("item_id", s(a),
                        "quantity", AttributeValue.builder().n("3").build(),
                        "price", AttributeValue.builder().n("1").build())).build()).build()));
        String workflowId = "WF-" + UUID.randomUUID();
        trigger(workflowId, orderId);

        awaitEnded(workflowId);
        // the failed status is written first, then the reservation is given back
        await().atMost(PATIENCE).until(() -> client.item("workflows", "workflow_id", workflowId).containsKey("reservation_released"));
        Map<String, AttributeValue> wf = client.item("workflows", "workflow_id", workflowId);
        assertEquals("failed", wf.get("status").s());
        assertEquals("order " + orderId + " is in status cancelled",
                wf.get("branches").m().get("order").m().get("reason").s());
        assertEquals("succeeded", wf.get("branches").m().get("inventory").m().get("status").s());
        assertTrue(wf.containsKey("reservation_released"), wf.toString());
        assertEquals(10, quantity(a));
    }

    @Test
    void aTimedOutBranchFailsTheRunAndItsReservationIsGivenBack() {
        String a = "ITEM-" + UUID.randomUUID();
        stock(a, 10);
        String orderId = "SLOW-" + UUID.randomUUID();
        client.put("orders", "Order Created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-1\",\"items\":["
                + "{\"item_id\":\"" + a + "\",\"quantity\":4,\"price\":1}],\"total\":4}");
        await().atMost(PATIENCE).until(() -> client.item("orders", "order_id", orderId) != null);
        String workflowId = "WF-" + UUID.randomUUID();
        trigger(workflowId, orderId);

        awaitEnded(workflowId);
        await().atMost(PATIENCE).until(() -> client.item("workflows", "workflow_id", workflowId).containsKey("reservation_released"));
        Map<String, AttributeValue> wf = client.item("workflows", "workflow_id", workflowId);
        assertEquals("failed", wf.get("status").s());
        Map<String, AttributeValue> order = wf.get("branches").m().get("order").m();
        assertEquals("timed_out", order.get("status").s());
        assertEquals("order processing did not finish within 5000 ms", order.get("reason").s());
        assertEquals("succeeded", wf.get("branches").m().get("inventory").m().get("status").s());
        assertEquals(10, quantity(a));
    }

    @Test
    void aWorkflowForAnUnknownOrderFailsWithBothReasons() {
        String workflowId = "WF-" + UUID.randomUUID();
        trigger(workflowId, "ORD-missing");
        Map<String, AttributeValue> wf = awaitEnded(workflowId);
        assertEquals("failed", wf.get("status").s());
        assertEquals("order ORD-missing not found", wf.get("branches").m().get("order").m().get("reason").s());
        assertEquals("order ORD-missing not found", wf.get("branches").m().get("inventory").m().get("reason").s());
    }

    private static void stock(String item, int quantity) {
        client.put("inventory", "Inventory Updated",
                "{\"item_id\":\"" + item + "\",\"quantity\":" + quantity + ",\"action\":\"restock\"}");
        await().atMost(PATIENCE).until(() -> quantity(item) == quantity);
    }

    private static String order(String a, int qa, String b, int qb) {
        String orderId = "ORD-" + UUID.randomUUID();
        client.put("orders", "Order Created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-1\",\"items\":["
                + "{\"item_id\":\"" + a + "\",\"quantity\":" + qa + ",\"price\":1.50},"
                + "{\"item_id\":\"" + b + "\",\"quantity\":" + qb + ",\"price\":2}],\"total\":" + (1.5 * qa + 2 * qb) + "}");
        await().atMost(PATIENCE).until(() -> client.item("orders", "order_id", orderId) != null);
        return orderId;
    }

    private static void trigger(String workflowId, String orderId) {
        client.put("workflow", "Workflow Triggered", "{\"workflow_id\":\"" + workflowId + "\",\"order_id\":\"" + orderId
                + "\",\"timestamp\":\"2024-01-15T10:00:00Z\"}");
    }

    private static Map<String, AttributeValue> awaitEnded(String workflowId) {
        await().atMost(PATIENCE).until(() -> {
            Map<String, AttributeValue> wf = client.item("workflows", "workflow_id", workflowId);
            return wf != null && !"running".equals(wf.get("status").s());
        });
        return client.item("workflows", "workflow_id", workflowId);
    }

    private static long quantity(String item) {
        Map<String, AttributeValue> row = client.item("inventory", "item_id", item);
        return row == null ? -1 : Long.parseLong(row.get("quantity").n());
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }
}
