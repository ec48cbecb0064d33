package io.signalbox.publish;

import java.util.concurrent.CompletableFuture;

import io.signalbox.bus.EventBus;
import io.signalbox.events.OutgoingEvent;

/** Publishes on Signalbox's own bus, as a PutEvents call would: matched, delivered, counted and archived. */
public final class BusEventPublisher implements EventPublisher {

    private final EventBus bus;

    public BusEventPublisher(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public CompletableFuture<String> publish(OutgoingEvent event) {
        return bus.publish(event.bus(), event.source(), event.detailType(), event.detail());
    }
}
