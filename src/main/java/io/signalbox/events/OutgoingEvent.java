package io.signalbox.events;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event a route produces, before it is on a bus: what PutEvents would carry for one entry.
 *
 * @param bus        the event bus it goes on; null for the default publishing bus ({@code signalbox.publish.default-bus})
 * @param source     EventBridge {@code source}
 * @param detailType EventBridge {@code detail-type}
 * @param detail     the event's detail; the publishing route adds {@code correlation_id} and {@code causation_id}
 *                   when the event that caused it is known and the detail has none
 */
public record OutgoingEvent(String bus, String source, String detailType, ObjectNode detail) {

    public OutgoingEvent {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("An outgoing event needs a source");
        }
        if (detailType == null || detailType.isBlank()) {
            throw new IllegalArgumentException("An outgoing event needs a detail-type");
        }
        Objects.requireNonNull(detail, "detail");
    }

    /** The same event on {@code bus}. */
    public OutgoingEvent onBus(String bus) {
        return new OutgoingEvent(bus, source, detailType, detail);
    }
}
