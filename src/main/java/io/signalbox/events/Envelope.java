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
 * @param replayName    the top-level {@code replay-name} of an event put back on the bus by an archive replay
 *                      (as EventBridge marks replays), or null for an event delivered the first time
 */
public record Envelope(String version, String id, String detailType, String source, String account, String time,
        String region, List<String> resources, JsonNode detail, String correlationId, String causationId,
        String schemaVersion, String tenant, String replayName) {

    /** An envelope of an event delivered the first time (no replay name). */
    public Envelope(String version, String id, String detailType, String source, String account, String time,
            String region, List<String> resources, JsonNode detail, String correlationId, String causationId,
            String schemaVersion, String tenant) {
        this(version, id, detailType, source, account, time, region, resources, detail, correlationId, causationId,
                schemaVersion, tenant, null);
    }

    /** Whether the event comes from an archive replay rather than its first delivery. */
    public boolean replayed() {
        return replayName != null;
    }

    /**
     * The router's default idempotency key: the event id; for an archive replay the id and the replay's name, so
     * a replay takes effect once again (and only once), as StartReplay's events do on EventBridge. Handlers that
     * record which event took effect use the same key.
     */
    public String idempotencyKey() {
        return replayed() ? id + "#replay:" + replayName : id;
    }
}
