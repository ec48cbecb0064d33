package io.signalbox.publish;

import java.util.concurrent.CompletableFuture;

import io.signalbox.events.OutgoingEvent;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/** Publishes on EventBridge (profile {@code aws}) with one shared async client. */
public final class EventBridgePublisher implements EventPublisher {

    private final EventBridgeAsyncClient client;

    public EventBridgePublisher(EventBridgeAsyncClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<String> publish(OutgoingEvent event) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder().eventBusName(event.bus())
                .source(event.source()).detailType(event.detailType()).detail(event.detail().toString()).build();
        return client.putEvents(r -> r.entries(entry)).thenApply(response -> {
            PutEventsResultEntry result = response.entries().get(0);
            if (result.errorCode() != null) {
                throw new PublishException("EventBridge refused " + event.detailType() + " on bus " + event.bus()
                        + ": " + result.errorCode() + " " + result.errorMessage());
            }
            return result.eventId();
        });
    }
}
