package io.signalbox.orders;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.Futures;
import io.signalbox.events.OutgoingEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 001's order processor, called by the YAML handler routes {@code handler-order-created} and
 * {@code handler-order-completed} (bean {@code orderProcessor}). Both answer asynchronously.
 */
public final class OrderProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(OrderProcessor.class);

    private final OrderStore store;
    private final String notificationBus;
    private final String notificationSource;
    private final Clock clock;

    public OrderProcessor(OrderStore store, String notificationBus, String notificationSource, Clock clock) {
        this.store = store;
        this.notificationBus = notificationBus;
        this.notificationSource = notificationSource;
        this.clock = clock;
    }

    /**
     * Validates and stores the order; answers the {@code Notification Sent} event to publish, or null when
     * another event already stored this order (no second effect). A redelivery of the event that stored it
     * (its publish failed, or the instance stopped before it) answers the notification again.
     */
    public CompletableFuture<OutgoingEvent> created(Envelope event) {
        Order order;
        try {
            order = Orders.parse(event.detail(), event.time());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Futures.unwrapped(store.create(order, event.idempotencyKey(), clock.instant()).thenApply(outcome -> {
            if (outcome == OrderStore.Created.DUPLICATE) {
                LOG.info("Order {} already exists: Order Created {} has no effect", order.orderId(), event.id());
                return null;
            }
            return new OutgoingEvent(notificationBus, notificationSource, "Notification Sent", notification(order));
        }));
    }

    /** Moves the order from created to completed; answers whether it did (else: unknown, or not created). */
    public CompletableFuture<Boolean> completed(Envelope event) {
        JsonNode id = event.detail() == null ? null : event.detail().get("order_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return CompletableFuture.failedFuture(
                    new InvalidOrderException("Order Completed: order_id must be a non-empty string"));
        }
        return Futures.unwrapped(store.complete(id.asText(), clock.instant()).thenApply(outcome -> {
            if (outcome == OrderStore.Completed.NO_EFFECT) {
                LOG.info("Order {} is not in status created: Order Completed {} has no effect", id.asText(), event.id());
            }
            return outcome == OrderStore.Completed.COMPLETED;
        }));
    }

    /** The detail of the {@code Notification Sent} event of a stored order. */
    static ObjectNode notification(Order order) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("notification_type", "order_created");
        detail.put("order_id", order.orderId());
        detail.put("customer_id", order.customerId());
        detail.put("total", order.total());
        detail.put("item_count", order.lines().size());
        detail.put("subject", "Order " + order.orderId() + " created");
        detail.put("message", "Order " + order.orderId() + " for customer " + order.customerId() + " was created: "
                + order.lines().size() + " line(s), total " + order.total().toPlainString());
        detail.put("timestamp", order.createdAt());
        return detail;
    }
}
