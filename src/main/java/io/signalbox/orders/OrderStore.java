package io.signalbox.orders;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code orders} table, in domain terms. Item contract (the agent jobs read it): {@code order_id} (partition
 * key), {@code customer_id}, {@code items} [{@code item_id}, {@code quantity}, {@code price}], {@code total},
 * {@code status} ({@code created} | {@code completed}), {@code created_at}, {@code updated_at}; plus
 * {@code created_event_id}, the idempotency key of the event that created it, so that a redelivery of that event
 * can be told from a second {@code Order Created} for the same order ({@link OrderItems}). Two adapters:
 * {@link SqlOrderStore} (SQLite) and {@link DynamoDbOrderStore}.
 */
public interface OrderStore {

    String CREATED = "created";
    String COMPLETED = "completed";

    /** What a create did. */
    enum Created { STORED, ALREADY_STORED_BY_THIS_EVENT, DUPLICATE }

    /** What a completion did. */
    enum Completed { COMPLETED, NO_EFFECT }

    String table();

    /** Puts the order if no order with its id exists: a duplicate has no effect. */
    CompletableFuture<Created> create(Order order, String eventKey, Instant now);

    /** created → completed, only from created: out of order or duplicate, no effect. */
    CompletableFuture<Completed> complete(String orderId, Instant now);

    /** The stored order (strongly consistent), or null. */
    CompletableFuture<StoredOrder> get(String orderId);
}
