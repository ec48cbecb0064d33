package io.signalbox.workflows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.signalbox.orders.OrderStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The {@code workflows} table (partition key {@code workflow_id}) and the two branches of seed 001's workflow,
 * all with conditional writes so that nothing is left half done:
 *
 * <ul>
 * <li>a run is started by a conditional put ({@code status} {@code running}); a second trigger of the same
 * workflow id has no effect, a redelivery of the trigger that started it resumes it;</li>
 * <li>order processing: the order must exist in {@code orders} in status created or completed (read only);</li>
 * <li>inventory processing: reserves the order's quantities (summed per item) with ONE TransactWriteItems: each
 * {@code inventory} item {@code quantity >= q} then minus q, and the workflow item gets {@code reservation} on
 * condition it is still running and has none — all lines or none, and a late branch of a workflow that has
 * already ended (timed out) reserves nothing;</li>
 * <li>the run ends with a conditional update from {@code running}; a failed run whose reservation was made gives
 * it back in one more transaction ({@code reservation_released}), so a failed workflow holds no stock.</li>
 * </ul>
 */
public final class WorkflowStore {

    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    private final DynamoDbAsyncClient dynamoDb;
    private final String table;
    private final OrderStore orders;
    private final String inventoryTable;

    public WorkflowStore(DynamoDbAsyncClient dynamoDb, String table, OrderStore orders, String inventoryTable) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.orders = orders;
        this.inventoryTable = inventoryTable;
    }

    /** Starts the run; null when this workflow id was started by another event (no effect). */
    public CompletableFuture<WorkflowRun> start(String workflowId, String orderId, String eventKey, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("workflow_id", s(workflowId));
        item.put("order_id", s(orderId));
        item.put("status", s(RUNNING));
        item.put("started_at", s(now.toString()));
        item.put("trigger_event_id", s(eventKey));
        return dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(workflow_id)"))
                .thenApply(r -> new WorkflowRun(workflowId, orderId, eventKey, now))
                .exceptionallyCompose(e -> {
                    if (!(cause(e) instanceof ConditionalCheckFailedException)) {
                        return CompletableFuture.failedFuture(cause(e));
                    }
                    return get(workflowId).thenApply(existing -> existing != null
                            && eventKey.equals(str(existing.get("trigger_event_id")))
                            && RUNNING.equals(str(existing.get("status")))
                                    ? new WorkflowRun(workflowId, orderId, eventKey, Instant.parse(existing.get("started_at").s()))
                                    : null);
                });
    }

    /** Order processing: the order exists and is created or completed. */
    public CompletableFuture<String> verifyOrder(WorkflowRun run) {
        return orders.get(run.orderId()).thenApply(order -> {
            if (order == null) {
                throw new IllegalStateException("order " + run.orderId() + " not found");
            }
            String status = order.status();
            if (!OrderStore.CREATED.equals(status) && !OrderStore.COMPLETED.equals(status)) {
                throw new IllegalStateException("order " + run.orderId() + " is in status " + status);
            }
            return "order " + run.orderId() + " is " + status + ", total " + order.total().toPlainString();
        });
    }

    /** Inventory processing: reserves every line of the order, or none. */
    public CompletableFuture<String> reserve(WorkflowRun run, Instant now) {
        return orders.get(run.orderId()).thenCompose(order -> {
            if (order == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("order " + run.orderId() + " not found"));
            }
            Map<String, Integer> lines = order.quantities();
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
                        if (!(cause(e) instanceof TransactionCanceledException cancelled)) {
                            return CompletableFuture.failedFuture(cause(e));
                        }
                        List<CancellationReason> reasons = cancelled.cancellationReasons();
                        if (reasons.size() > 0 && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                            // the workflow item: already reserved (a redelivery), or no longer running
                            return get(run.workflowId()).thenApply(w -> {
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
                            return CompletableFuture.failedFuture(cause(e));
                        }
                        return CompletableFuture.failedFuture(new IllegalStateException(
                                "insufficient stock for " + String.join(", ", short_) + ": nothing reserved"));
                    });
        });
    }

    /**
     * Ends the run (conditional on it still running) with each branch's outcome; a failed run gives back its
     * reservation (the status is written first, then the release: a redelivery finds the run failed and releases
     * what is still held). Answers the workflow item after it, or null when it had already ended.
     */
    public CompletableFuture<Map<String, AttributeValue>> finish(WorkflowRun run, List<BranchOutcome> outcomes, Instant now) {
        Map<String, AttributeValue> branches = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (BranchOutcome o : outcomes) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put("status", s(o.status()));
            m.put("reason", s(o.reason()));
            m.put("started_at", s(o.startedAt().toString()));
            m.put("finished_at", s(o.finishedAt().toString()));
            m.put("duration_ms", n(o.durationMs()));
            branches.put(o.branch(), AttributeValue.builder().m(m).build());
            if (!o.succeeded()) {
                failures.add(o.branch() + " " + o.status() + ": " + o.reason());
            }
        }
        String status = failures.isEmpty() ? SUCCEEDED : FAILED;
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":st", s(status));
        values.put(":running", s(RUNNING));
        values.put(":b", AttributeValue.builder().m(branches).build());
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
                    if (!(cause(e) instanceof ConditionalCheckFailedException)) {
                        return CompletableFuture.failedFuture(cause(e));
                    }
                    // already ended: by an earlier attempt of this run whose release may not have happened (it
                    // failed, or the instance stopped in between): make sure a failed run holds no stock
                    return get(run.workflowId()).thenCompose(item -> item != null && FAILED.equals(str(item.get("status")))
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
                .thenCompose(r -> get(workflowId))
                .exceptionallyCompose(e -> cause(e) instanceof TransactionCanceledException
                        ? get(workflowId) : CompletableFuture.failedFuture(cause(e)));
    }

    public CompletableFuture<Map<String, AttributeValue>> get(String workflowId) {
        return dynamoDb.getItem(b -> b.tableName(table).key(key(workflowId)).consistentRead(true))
                .thenApply(r -> r.hasItem() && !r.item().isEmpty() ? r.item() : null);
    }

    private static Map<String, AttributeValue> key(String workflowId) {
        return Map.of("workflow_id", s(workflowId));
    }

    static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
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
