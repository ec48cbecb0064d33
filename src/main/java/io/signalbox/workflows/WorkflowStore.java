package io.signalbox.workflows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code workflows} table (partition key {@code workflow_id}) and the stock seed 001's workflow reserves in
 * {@code inventory}, in domain terms; nothing is ever left half done. Item contract ({@link WorkflowItems}):
 * {@code workflow_id}, {@code order_id}, {@code status} ({@code running} | {@code succeeded} | {@code failed}),
 * {@code started_at}, {@code trigger_event_id}, {@code reservation} ({@code {item: quantity}}),
 * {@code reserved_at}, {@code branches} ({@code {branch: {status, reason, started_at, finished_at, duration_ms}}}),
 * {@code finished_at}, {@code duration_ms}, {@code reason} (a failed run's), {@code reservation_released}.
 * Two adapters: {@link SqlWorkflowStore} (SQLite) and {@link DynamoDbWorkflowStore}.
 */
public interface WorkflowStore {

    String RUNNING = "running";
    String SUCCEEDED = "succeeded";
    String FAILED = "failed";

    /**
     * Starts the run (status {@code running}); null when this workflow id was started by another event (no
     * effect). A redelivery of the trigger that started it, while it runs, resumes it.
     */
    CompletableFuture<WorkflowRun> start(String workflowId, String orderId, String eventKey, Instant now);

    /**
     * Reserves {@code quantities} (per inventory item) for the run, all or none: every item must have
     * {@code quantity >= q}, and the run must still be running with no reservation; then every quantity is taken
     * and the run records its {@code reservation}. Answers what it did ({@code reserved … for order …}, or
     * {@code already reserved for order …} for a run that holds its reservation); fails, reserving nothing, with
     * {@code insufficient stock for ITEM (needs q), …: nothing reserved} or {@code workflow … is no longer running
     * (status): nothing reserved}.
     */
    CompletableFuture<String> reserve(WorkflowRun run, Map<String, Integer> quantities, Instant now);

    /**
     * Ends the run, only from {@code running}, with each branch's outcome: {@code succeeded} when every branch
     * succeeded, else {@code failed}, and a failed run gives its reservation back, once
     * ({@code reservation_released}); a finish of a run that has already ended changes nothing but that release,
     * if it is still owed. Answers the run after it, or null when it had already ended.
     */
    CompletableFuture<StoredWorkflow> finish(WorkflowRun run, List<BranchOutcome> outcomes, Instant now);

    /** The run as stored (strongly consistent), or null. */
    CompletableFuture<StoredWorkflow> get(String workflowId);
}
