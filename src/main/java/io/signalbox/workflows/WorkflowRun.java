package io.signalbox.workflows;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.events.RejectedEventException;

/** A started run of seed 001's workflow for one order. */
public record WorkflowRun(String workflowId, String orderId, String eventKey, Instant startedAt) {

    /** The workflow and order ids of a {@code Workflow Triggered} detail; a refusal names the field. */
    public static String[] ids(JsonNode detail) {
        String workflowId = text(detail, "workflow_id");
        String orderId = text(detail, "order_id");
        return new String[] {workflowId, orderId};
    }

    private static String text(JsonNode detail, String field) {
        JsonNode v = detail == null ? null : detail.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new RejectedEventException("Workflow Triggered: " + field + " must be a non-empty string");
        }
        return v.asText();
    }
}
