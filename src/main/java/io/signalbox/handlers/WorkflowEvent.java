package io.signalbox.handlers;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.events.Envelope;

/**
 * One of seed 002's domain events as its workflow's row records it.
 *
 * @param workflowId the workflow it belongs to: {@code detail.workflow_id}, else its correlation id
 * @param status     the status the workflow is in after it
 * @param time       the event's time, or when it was handled when it has none
 */
public record WorkflowEvent(String workflowId, String status, String eventType, String eventId, String correlationId,
        String time) {

    /** Status a workflow is in after each of seed 002's domain events; any other type is its own status. */
    static final Map<String, String> STATUS = Map.of(
            "WorkflowStarted", "STARTED",
            "SignalGenerated", "SIGNALS_GENERATED",
            "RebalancePlanned", "REBALANCE_PLANNED",
            "TradeExecuted", "TRADES_EXECUTED",
            "WorkflowCompleted", "COMPLETED",
            "WorkflowFailed", "FAILED");

    public static WorkflowEvent of(Envelope event) {
        return new WorkflowEvent(workflowId(event), STATUS.getOrDefault(event.detailType(), event.detailType()),
                event.detailType(), event.id(), event.correlationId(),
                event.time() == null ? Instant.now().toString() : event.time());
    }

    /** The workflow an event belongs to. */
    static String workflowId(Envelope event) {
        JsonNode id = event.detail().get("workflow_id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : event.correlationId();
    }
}
