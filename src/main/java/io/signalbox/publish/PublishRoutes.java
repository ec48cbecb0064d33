package io.signalbox.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.OutgoingEvent;
import io.signalbox.routing.RouterRoutes;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * Route {@code events-publish}: routes that produce events send an {@link OutgoingEvent} to
 * {@code direct:events-publish}. The event carries the correlation of the event that caused it
 * ({@code correlation_id}, and {@code causation_id} = that event's id) unless its detail names its own; it goes on
 * its bus, or {@code signalbox.publish.default-bus}; header {@value #EVENT_ID} holds its id afterwards. The put is
 * asynchronous (no thread waits on the bus) and a failure fails the calling exchange, so the caller's dead-letter
 * channel retries it.
 */
public final class PublishRoutes extends RouteBuilder {

    /** Header set on the caller's message: the id of the event just published. */
    public static final String EVENT_ID = "SignalboxPublishedEventId";

    @Override
    public void configure() {
        String defaultBus = getContext().getPropertiesComponent().resolveProperty("signalbox.publish.default-bus")
                .map(String::trim).orElse("default");
        EventPublisher publisher = getContext().getRegistry().lookupByNameAndType("eventPublisher",
                EventPublisher.class);
        from("direct:events-publish").routeId("events-publish")
                .process(new PublishProcessor(publisher, defaultBus));
    }

    static final class PublishProcessor extends AsyncProcessorSupport {

        private final EventPublisher publisher;
        private final String defaultBus;

        PublishProcessor(EventPublisher publisher, String defaultBus) {
            this.publisher = publisher;
            this.defaultBus = defaultBus;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            OutgoingEvent event;
            try {
                event = exchange.getMessage().getMandatoryBody(OutgoingEvent.class);
                if (publisher == null) {
                    throw new IllegalStateException("No event publisher: profile without a bus or EventBridge");
                }
                event = correlated(exchange, event.bus() == null ? event.onBus(defaultBus) : event);
            } catch (Exception e) {
                exchange.setException(e);
                callback.done(true);
                return true;
            }
            publisher.publish(event).whenComplete((id, error) -> {
                if (error != null) {
                    exchange.setException(error instanceof java.util.concurrent.CompletionException
                            && error.getCause() != null ? error.getCause() : error);
                } else {
                    exchange.getMessage().setHeader(EVENT_ID, id);
                }
                callback.done(false);
            });
            return false;
        }

        private static OutgoingEvent correlated(Exchange exchange, OutgoingEvent event) {
            String correlation = exchange.getProperty(RouterRoutes.CORRELATION_ID, String.class);
            String causation = exchange.getProperty(RouterRoutes.CAUSATION_ID, String.class);
            ObjectNode detail = event.detail();
            if (correlation != null && !detail.hasNonNull("correlation_id")) {
                detail.put("correlation_id", correlation);
            }
            if (causation != null && !detail.hasNonNull("causation_id")) {
                detail.put("causation_id", causation);
            }
            return event;
        }
    }
}
