package io.signalbox.publish;

import java.util.concurrent.CompletableFuture;

import io.signalbox.events.OutgoingEvent;

/**
 * Puts events that routes produce on an event bus: Signalbox's own in {@code local}, EventBridge in {@code aws}.
 * Bound in the registry as {@code eventPublisher}; routes use {@code direct:events-publish}.
 */
public interface EventPublisher {

    /**
     * @param event with its bus set
     * @return completes with the event id once the bus has it (in {@code local}: once every matching rule's target
     *         queue has it), or fails with the reason
     */
    CompletableFuture<String> publish(OutgoingEvent event);
}
