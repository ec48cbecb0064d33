package io.signalbox.handlers;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.events.Envelope;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ddb.Ddb2Constants;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;

/**
 * Prepares the aws2-ddb UpdateItem that seed 002's domain-event handlers (YAML routes
 * {@code handler-workflow-*}, {@code handler-signal-generated}, ...) apply to the workflow-state table: the
 * row of the event's workflow ({@code detail.workflow_id}, else its correlation id) gets the status the event
 * implies, the last event and its time, and one more on its event count.
 */
public final class WorkflowStates {

    /** Status a workflow is in after each of seed 002's domain events. */
    static final Map<String, String> STATUS = Map.of(
            "WorkflowStarted", "STARTED",
            "SignalGenerated", "SIGNALS_GENERATED",
            "RebalancePlanned", "REBALANCE_PLANNED",
            "TradeExecuted", "TRADES_EXECUTED",
            "WorkflowCompleted", "COMPLETED",
            "WorkflowFailed", "FAILED");

    /** The workflow an event belongs to. */
    static String workflowId(Envelope event) {
        JsonNode id = event.detail().get("workflow_id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : event.correlationId();
    }

    /** Sets the aws2-ddb headers of the update for the event in the body. */
    public void prepare(Exchange exchange) {
        Envelope event = exchange.getMessage().getBody(Envelope.class);
        String status = STATUS.getOrDefault(event.detailType(), event.detailType());
        exchange.getMessage().setHeader(Ddb2Constants.KEY, Map.of("workflow_id", s(workflowId(event))));
        exchange.getMessage().setHeader(Ddb2Constants.UPDATE_VALUES, Map.of(
                "status", put(s(status)),
                "last_event_type", put(s(event.detailType())),
                "last_event_id", put(s(event.id())),
                "correlation_id", put(s(event.correlationId())),
                "updated_at", put(s(event.time() == null ? Instant.now().toString() : event.time())),
                "event_count", AttributeValueUpdate.builder().action(AttributeAction.ADD)
                        .value(AttributeValue.builder().n("1").build()).build()));
    }

    private static AttributeValueUpdate put(AttributeValue value) {
        return AttributeValueUpdate.builder().action(AttributeAction.PUT).value(value).build();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }
}
