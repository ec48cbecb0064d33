package io.signalbox.orders;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.Seed001Client;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Orders and notifications against the real stand-ins: events go in with PutEvents on custom-event-bus (as seed
 * 001's commands send them), effects are read back from the orders table, the notifications queue and order-dlq.
 */
class OrdersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    static Seed001Client client;
    /** Messages taken off the shared queues, for tests that look for their own. */
    static final List<Message> notifications = new CopyOnWriteArrayList<>();
    static final List<Message> dead = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).with("signalbox.dlc.initial-delay-ms", "20")
                .with("signalbox.dlc.maximum-delay-ms", "200").start();
        client = new Seed001Client(signalbox);
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    static String order(String orderId, String total) {
        return "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\","
                + "\"quantity\":2,\"price\":29.99},{\"item_id\":\"ITEM-002\",\"quantity\":1,\"price\":0.02}],\"total\":"
                + total + ",\"timestamp\":\"2024-01-15T10:00:00Z\"}";
    }

    @Test
    void orderCreatedIsStoredAndItsNotificationArrivesInTheLocalQueue() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        String eventId = client.put("orders", "Order Created", order(orderId, "60.00"));

        await().atMost(PATIENCE).until(() -> client.item("orders", "order_id", orderId) != null);
        Map<String, AttributeValue> item = client.item("orders", "order_id", orderId);
        assertEquals("CUST-001", item.get("customer_id").s());
        assertEquals("created", item.get("status").s());
        assertEquals("2024-01-15T10:00:00Z", item.get("created_at").s());
        assertNotNull(item.get("updated_at").s());
        assertEquals(0, new java.math.BigDecimal("60.00").compareTo(new java.math.BigDecimal(item.get("total").n())));
        List<AttributeValue> lines = item.get("items").l();
        assertEquals(2, lines.size());
        assertEquals("ITEM-001", lines.get(0).m().get("item_id").s());
        assertEquals("2", lines.get(0).m().get("quantity").n());
        assertEquals("29.99", lines.get(0).m().get("price").n());

        JsonNode notification = awaitNotification(orderId);
        assertEquals("order_created", notification.get("notification_type").asText());
        assertEquals("CUST-001", notification.get("customer_id").asText());
        // carried through events-publish: correlated with, and caused by, the Order Created event
        assertEquals(eventId, notification.get("correlation_id").asText());
        assertEquals(eventId, notification.get("causation_id").asText());
    }

    @Test
    void totalMismatchGoesToTheDlqWithTheReasonAndStoresNothing() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        client.put("orders", "Order Created", order(orderId, "59.99"));
        Message m = awaitDead(orderId);
        assertEquals("Order " + orderId + ": total 59.99 does not equal the sum of its lines 60.00",
                Seed001Client.errorMessage(m));
        assertEquals(OrderTotalMismatchException.class.getName(),
                m.messageAttributes().get("signalbox.error.class").stringValue());
        // not retried: it failed once
        assertEquals("1", m.messageAttributes().get("signalbox.error.attempts").stringValue());
        assertNull(client.item("orders", "order_id", orderId));
    }

    @Test
    void duplicateOrderCreatedHasOneEffect() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        client.put("orders", "Order Created", order(orderId, "60.00"));
        await().atMost(PATIENCE).until(() -> client.item("orders", "order_id", orderId) != null);
        String firstUpdate = client.item("orders", "order_id", orderId).get("updated_at").s();
        awaitNotification(orderId);

        // the same order again, as a new event (the seed's command run twice): routed, handled, no effect
        double handled = handled("Order Created");
        client.put("orders", "Order Created", order(orderId, "60.00"));
        await().atMost(PATIENCE).until(() -> handled("Order Created") > handled);
        assertEquals(firstUpdate, client.item("orders", "order_id", orderId).get("updated_at").s());
        // the first event's notification is there, and no second one follows the handled duplicate
        double sent = handled("Notification Sent");
        // a publish completes once the event is on notification-queue: had the duplicate published, it would be
        // there or already handled
        await().atMost(PATIENCE).until(() -> depth("notification-queue") == 0);
        assertEquals(sent, handled("Notification Sent"));
        assertEquals(1, notificationsFor(orderId));
    }

    @Test
    void orderCompletedMovesStatusForwardOnlyOnce() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        // out of order: Completed before Created has no effect
        double handled = handled("Order Completed");
        client.put("orders", "Order Completed", "{\"order_id\":\"" + orderId + "\"}");
        await().atMost(PATIENCE).until(() -> handled("Order Completed") > handled);
        assertNull(client.item("orders", "order_id", orderId));

        client.put("orders", "Order Created", order(orderId, "60.00"));
        await().atMost(PATIENCE).until(() -> client.item("orders", "order_id", orderId) != null);
        client.put("orders", "Order Completed", "{\"order_id\":\"" + orderId + "\"}");
        await().atMost(PATIENCE).until(() -> "completed".equals(client.item("orders", "order_id", orderId).get("status").s()));
        String completedAt = client.item("orders", "order_id", orderId).get("updated_at").s();

        // a second Completed: no effect
        double before = handled("Order Completed");
        client.put("orders", "Order Completed", "{\"order_id\":\"" + orderId + "\"}");
        await().atMost(PATIENCE).until(() -> handled("Order Completed") > before);
        assertEquals(completedAt, client.item("orders", "order_id", orderId).get("updated_at").s());
        // nor does a late duplicate Created move it back
        double created = handled("Order Created");
        client.put("orders", "Order Created", order(orderId, "60.00"));
        await().atMost(PATIENCE).until(() -> handled("Order Created") > created);
        assertEquals("completed", client.item("orders", "order_id", orderId).get("status").s());
    }

    @Test
    void aRedeliveryOfTheStoringEventPublishesAgainAnotherEventDoesNot() throws Exception {
        OrderProcessor processor = signalbox.context().getRegistry().lookupByNameAndType("orderProcessor", OrderProcessor.class);
        String orderId = "ORD-" + UUID.randomUUID();
        io.signalbox.events.Envelope first = envelope(UUID.randomUUID().toString(), order(orderId, "60.00"));
        assertNotNull(processor.created(first).get());
        // the publish failed and the claim was released: the same event again owes its notification
        io.signalbox.events.OutgoingEvent again = processor.created(first).get();
        assertNotNull(again);
        assertEquals("Notification Sent", again.detailType());
        assertEquals("custom-event-bus", again.bus());
        assertEquals("notifications", again.source());
        // another event for the same order: no effect
        assertNull(processor.created(envelope(UUID.randomUUID().toString(), order(orderId, "60.00"))).get());
    }

    private static io.signalbox.events.Envelope envelope(String id, String detail) throws Exception {
        return new io.signalbox.events.EnvelopeParser(JSON).parse(JSON.writeValueAsString(Map.of("version", "0", "id", id,
                "detail-type", "Order Created", "source", "orders", "time", "2026-12-02T10:00:00Z",
                "detail", JSON.readTree(detail))));
    }

    private static JsonNode awaitNotification(String orderId) throws Exception {
        await().atMost(PATIENCE).until(() -> {
            notifications.addAll(client.drain("notifications"));
            return notificationsFor(orderId) > 0;
        });
        for (Message m : notifications) {
            JsonNode n = JSON.readTree(m.body());
            if (orderId.equals(n.path("order_id").asText())) {
                return n;
            }
        }
        throw new AssertionError("no notification for " + orderId);
    }

    private static long notificationsFor(String orderId) {
        notifications.addAll(client.drain("notifications"));
        return notifications.stream().filter(m -> m.body().contains("\"" + orderId + "\"")).count();
    }

    private static Message awaitDead(String orderId) {
        await().atMost(PATIENCE).until(() -> {
            dead.addAll(client.drain("order-dlq"));
            return dead.stream().anyMatch(m -> m.body().contains(orderId));
        });
        return dead.stream().filter(m -> m.body().contains(orderId)).findFirst().orElseThrow();
    }

    private static double handled(String detailType) {
        return signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class)
                .count("signalbox.domain.handled", "detail_type", detailType);
    }

    private static int depth(String queue) {
        Map<String, String> a = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages")) + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }
}
