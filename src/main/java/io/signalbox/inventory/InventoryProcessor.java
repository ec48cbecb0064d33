package io.signalbox.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.Futures;
import io.signalbox.events.OutgoingEvent;

/**
 * Seed 001's inventory processor, called by the YAML handler route {@code handler-inventory-updated} (bean
 * {@code inventoryProcessor}): applies the change and answers the {@code Inventory Update} event (seed 000's
 * shape, consumed by the agents' real-time workflow) that the route publishes.
 */
public final class InventoryProcessor {

    private final InventoryStore store;
    private final MovementLog movements;
    private final String updateBus;
    private final String updateSource;
    private final Clock clock;

    public InventoryProcessor(InventoryStore store, MovementLog movements, String updateBus, String updateSource,
            Clock clock) {
        this.store = store;
        this.movements = movements;
        this.updateBus = updateBus;
        this.updateSource = updateSource;
        this.clock = clock;
    }

    public CompletableFuture<OutgoingEvent> updated(Envelope event) {
        InventoryChange change;
        try {
            change = InventoryChange.parse(event.detail());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Instant now = clock.instant();
        Instant time = eventTime(event, now);
        String key = event.idempotencyKey();
        return Futures.unwrapped(store.apply(change, key, time, now)
                .thenCompose(applied -> movements.record(applied, InventoryStore.marker(key, time), key, time)
                        .thenApply(v -> new OutgoingEvent(updateBus, updateSource, "Inventory Update", detail(applied)))));
    }

    /** Seed 000's {@code Inventory Update} detail of an applied change. */
    static ObjectNode detail(AppliedChange applied) {
        ObjectNode detail = JsonNodeFactory.instance.objectNode();
        detail.put("event_type", "inventory_changed");
        detail.put("sku", applied.change().itemId());
        if (applied.change().warehouseId() != null) {
            detail.put("warehouse_id", applied.change().warehouseId());
        }
        detail.put("quantity_change", applied.quantityChange());
        detail.put("quantity_on_hand", applied.quantityOnHand());
        detail.put("action", applied.change().action().id());
        return detail;
    }

    private static Instant eventTime(Envelope event, Instant now) {
        try {
            return event.time() == null ? now : Instant.parse(event.time());
        } catch (DateTimeParseException e) {
            return now;
        }
    }
}
