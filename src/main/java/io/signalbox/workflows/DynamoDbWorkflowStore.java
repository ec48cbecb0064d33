package io.signalbox.workflows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.signalbox.events.Futures;
import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link WorkflowStore} on DynamoDB, through the shared async client, all with conditional writes:
 *
 * <ul>
 * <li>a run is started by a conditional put ({@code attribute_not_exists(workflow_id)});</li>
 * <li>the reservation is ONE TransactWriteItems: each {@code inventory} item {@code quantity >= q} then minus q,
 * and the workflow item gets {@code reservation} on condition it is still running and has none (at most 99
 * items: a transaction holds 100);</li>
 * <li>the run ends with a conditional update from {@code running}; a failed run whose reservation was made gives
 * it back in one more transaction ({@code reservation_released}): the status is written first, then the release,
 * so a later finish finds the run failed and releases what is still held.</li>
 * </ul>
 */
public final class DynamoDbWorkflowStore implements WorkflowStore {

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final String inventoryTable;

    public DynamoDbWorkflowStore(DynamoDbAsyncClient dynamoDb, String table, String inventoryTable) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.inventoryTable = inventoryTable;
    }

    @Override
    public CompletableFuture<WorkflowRun> start(String workflowId, String orderId, String eventKey, Instant now) {
        Map<String, AttributeValue> item = DynamoItems.attributes(WorkflowItems.started(workflowId, orderId, eventKey, now));
        return dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(workflow_id)"))
                .thenApply(r -> new WorkflowRun(workflowId, orderId, eventKey, now))
                .exceptionallyCompose(e -> {
                    if (!(Futures.cause(e) instanceof ConditionalCheckFailedException)) {
                        return CompletableFuture.failedFuture(Futures.cause(e));
                    }
                    return item(workflowId).thenApply(existing -> existing != null
                            && eventKey.equals(str(existing.get("trigger_event_id")))
                            && RUNNING.equals(str(existing.get("status")))
                                    ? new WorkflowRun(workflowId, orderId, eventKey, Instant.parse(existing.get("started_at").s()))
                                    : null);
                });
    }

    @Override
    public CompletableFuture<String> reserve(WorkflowRun run, Map<String, Integer> lines, Instant now) {
        if (lines.size() > 99) {
            return CompletableFuture.failedFuture(new IllegalStateException("order " + run.orderId() + " has "
                    + lines.size() + " items: one transaction reserves at most 99"));
        }
        Map<String, AttributeValue> reservation = new LinkedHashMap<>();
        lines.forEach((item, q) -> reservation.put(item, n(q)));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(run.workflowId()))
                .updateExpression("SET reservation = :r, reserved_at = :now")
                .conditionExpression("#s = :running AND attribute_not_exists(reservation)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":r", AttributeValue.builder().m(reservation).build(),
                        ":now", s(now.toString()), ":running", s(RUNNING)))).build());
        List<String> items = new ArrayList<>(lines.keySet());
        for (String item : items) {
            int q = lines.get(item);
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(inventoryTable)
                    .key(Map.of("item_id", s(item)))
                    .updateExpression("SET updated_at = :now ADD quantity :neg")
                    .conditionExpression("quantity >= :q")
                    .expressionAttributeValues(Map.of(":now", s(now.toString()), ":neg", n(-q), ":q", n(q)))).build());
        }
        return dynamoDb.transactWriteItems(t -> t.transactItems(writes))
                .thenApply(r -> "reserved " + lines + " for order " + run.orderId())
                .exceptionallyCompose(e -> {
                    if (!(Futures.cause(e) instanceof TransactionCanceledException cancelled)) {
                        return CompletableFuture.failedFuture(Futures.cause(e));
                    }
                    List<CancellationReason> reasons = cancelled.cancellationReasons();
                    if (reasons.size() > 0 && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                        // the workflow item: already reserved (a redelivery), or no longer running
                        return item(run.workflowId()).thenApply(w -> {
                            if (w != null && w.containsKey("reservation")) {
                                return "already reserved for order " + run.orderId();
                            }
                            throw new IllegalStateException("workflow " + run.workflowId() + " is no longer running ("
                                    + (w == null ? "missing" : str(w.get("status"))) + "): nothing reserved");
                        });
                    }
                    List<String> short_ = new ArrayList<>();
                    for (int i = 1; i < reasons.size(); i++) {
                        if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                            short_.add(items.get(i - 1) + " (needs " + lines.get(items.get(i - 1)) + ")");
                        }
                    }
                    if (short_.isEmpty()) {
                        return CompletableFuture.failedFuture(Futures.cause(e));
                    }
                    return CompletableFuture.failedFuture(new IllegalStateException(
                            "insufficient stock for " + String.join(", ", short_) + ": nothing reserved"));
                });
    }

    @Override
    public CompletableFuture<StoredWorkflow> finish(WorkflowRun run, List<BranchOutcome> outcomes, Instant now) {
        return end(run, outcomes, now).thenApply(item -> item == null ? null : StoredWorkflow.of(DynamoItems.item(item)));
    }

    /** The workflow item after the run ended, or null when it had already ended. */
    private CompletableFuture<Map<String, AttributeValue>> end(WorkflowRun run, List<BranchOutcome> outcomes, Instant now) {
        AttributeValue branches = DynamoItems.value(WorkflowItems.branches(outcomes));
        List<String> failures = WorkflowItems.failures(outcomes);
        String status = failures.isEmpty() ? SUCCEEDED : FAILED;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":st", s(status));
        values.put(":running", s(RUNNING));
        values.put(":b", branches);
        values.put(":now", s(now.toString()));
        values.put(":d", n(java.time.Duration.between(run.startedAt(), now).toMillis()));
        values.put(":reason", s(failures.isEmpty() ? "-" : String.join("; ", failures)));
        String update = "SET #s = :st, branches = :b, finished_at = :now, duration_ms = :d"
                + (failures.isEmpty() ? "" : ", reason = :reason");
        if (failures.isEmpty()) {
            values.remove(":reason");
        }
        return dynamoDb.updateItem(b -> b.tableName(table).key(key(run.workflowId())).updateExpression(update)
                        .conditionExpression("#s = :running").expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW))
                .thenCompose(r -> FAILED.equals(status) ? release(r.attributes(), now) : CompletableFuture.completedFuture(r.attributes()))
                .exceptionallyCompose(e -> {
                    if (!(Futures.cause(e) instanceof ConditionalCheckFailedException)) {
                        return CompletableFuture.failedFuture(Futures.cause(e));
                    }
                    // already ended: by an earlier attempt of this run whose release may not have happened (it
                    // failed, or the instance stopped in between): make sure a failed run holds no stock
                    return item(run.workflowId()).thenCompose(item -> item != null && FAILED.equals(str(item.get("status")))
                            ? release(item, now) : CompletableFuture.completedFuture(item))
                            .thenApply(item -> (Map<String, AttributeValue>) null);
                });
    }

    /** Gives a failed run's reservation back, once (condition: reserved and not yet released). */
    CompletableFuture<Map<String, AttributeValue>> release(Map<String, AttributeValue> workflow, Instant now) {
        AttributeValue reservation = workflow.get("reservation");
        if (reservation == null || workflow.containsKey("reservation_released")) {
            return CompletableFuture.completedFuture(workflow);
        }
        String workflowId = workflow.get("workflow_id").s();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(workflowId))
                .updateExpression("SET reservation_released = :now")
                .conditionExpression("attribute_exists(reservation) AND attribute_not_exists(reservation_released)")
                .expressionAttributeValues(Map.of(":now", s(now.toString())))).build());
        reservation.m().forEach((item, q) -> writes.add(TransactWriteItem.builder().update(u -> u.tableName(inventoryTable)
                .key(Map.of("item_id", s(item))).updateExpression("SET updated_at = :now ADD quantity :q")
                .expressionAttributeValues(Map.of(":now", s(now.toString()), ":q", q))).build()));
        return dynamoDb.transactWriteItems(t -> t.transactItems(writes))
                .thenCompose(r -> item(workflowId))
                .exceptionallyCompose(e -> Futures.cause(e) instanceof TransactionCanceledException
                        ? item(workflowId) : CompletableFuture.failedFuture(Futures.cause(e)));
    }

    @Override
    public CompletableFuture<StoredWorkflow> get(String workflowId) {
        return item(workflowId).thenApply(item -> item == null ? null : StoredWorkflow.of(DynamoItems.item(item)));
    }

    private CompletableFuture<Map<String, AttributeValue>> item(String workflowId) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(workflowId)).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? r.item() : null);
    }

    private static Map<String, AttributeValue> key(String workflowId) {
        return Map.of("workflow_id", s(workflowId));
    }

    private static String str(AttributeValue v) {
        return v == null ? null : v.s();
    }

    static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
