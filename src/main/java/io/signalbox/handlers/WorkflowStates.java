package io.signalbox.handlers;

import java.util.concurrent.CompletableFuture;

import io.signalbox.events.Envelope;
import io.signalbox.events.Futures;

/**
 * The workflow-state table ({@code signalbox.handlers.workflow-state-table}) of seed 002's trading workflows, one
 * row per workflow, which the domain-event handlers (YAML routes {@code handler-workflow-*},
 * {@code handler-signal-generated}, ...) update through bean {@code workflowStates}. Row contract:
 * {@code workflow_id} (partition key), {@code status}, {@code last_event_type}, {@code last_event_id},
 * {@code correlation_id}, {@code updated_at} and {@code event_count}. Two adapters: {@link SqlWorkflowStates}
 * (SQLite) and {@link DynamoDbWorkflowStates}.
 */
public interface WorkflowStates {

    /**
     * Records one event on its workflow's row (created by the first): the status it implies, the event and its
     * time, and one more on the event count, atomically, so that concurrent events of one workflow lose no count.
     */
    CompletableFuture<Void> apply(WorkflowEvent event);

    /**
     * The handler routes' step: records the event in the body and answers it, so that the route's next steps
     * (the counter, the log) still see the event.
     */
    default CompletableFuture<Envelope> record(Envelope event) {
        WorkflowEvent e;
        try {
            e = WorkflowEvent.of(event);
        } catch (RuntimeException x) {
            return CompletableFuture.failedFuture(x);
        }
        return Futures.unwrapped(apply(e).thenApply(v -> event));
    }
}
