package io.signalbox.events;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as Signalbox carries it: EventBridge's event fields plus what travels inside {@code detail}
 * (EventBridge delivers nothing else to SQS).
 *
 * @param correlationId {@code detail.correlation_id}, or the event's own id when absent
 * @param causationId   {@code detail.causation_id}, or null
 * @param schemaVersion {@code detail.schema_version}, or null
 * @param tenant        {@code detail.tenant}, or null
 */
public record Envelope(String version, String id, String detailType, String source, String account, String time,
        String region, List<String> resources, JsonNode detail, String correlationId, String causationId,
        String schemaVersion, String tenant) {
}
