package io.signalbox.workflows;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.signalbox.events.Envelope;
import io.signalbox.events.Futures;
import io.signalbox.orders.OrderStore;

/**
 * Seed 001's workflow (the Step Functions state machine), called by the routes of {@link WorkflowRoutes}
 * (bean {@code workflowProcessor}): start the run, the two branches (each answers its outcome, never fails),
 * finish with the outcomes. Branches missing from the outcomes (the multicast timed out) are recorded as
 * {@code timed_out}. Order processing: the order must exist in status created or completed (read only); inventory
 * processing reserves the order's quantities (summed per item), all or none ({@link WorkflowStore#reserve}).
 */
public final class WorkflowProcessor {

    static final String ORDER = "order";
    static final String INVENTORY = "inventory";
    static final List<String> BRANCHES = List.of(ORDER, INVENTORY);

    private final WorkflowStore store;
    private final OrderStore orders;
    private final Clock clock;
    private final long timeoutMs;

    public WorkflowProcessor(WorkflowStore store, OrderStore orders, Clock clock, long timeoutMs) {
        this.store = store;
        this.orders = orders;
        this.clock = clock;
        this.timeoutMs = timeoutMs;
    }

    /** Starts the run; null when another event already started this workflow (no effect). */
    public CompletableFuture<WorkflowRun> start(Envelope event) {
        String[] ids;
        try {
            ids = WorkflowRun.ids(event.detail());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Futures.unwrapped(store.start(ids[0], ids[1], event.idempotencyKey(), clock.instant()));
    }

    public CompletableFuture<BranchOutcome> order(WorkflowRun run) {
        return branch(ORDER, () -> orders.get(run.orderId()).thenApply(order -> {
            if (order == null) {
                throw new IllegalStateException("order " + run.orderId() + " not found");
            }
            String status = order.status();
            if (!OrderStore.CREATED.equals(status) && !OrderStore.COMPLETED.equals(status)) {
                throw new IllegalStateException("order " + run.orderId() + " is in status " + status);
            }
            return "order " + run.orderId() + " is " + status + ", total " + order.total().toPlainString();
        }));
    }

    public CompletableFuture<BranchOutcome> inventory(WorkflowRun run) {
        return branch(INVENTORY, () -> orders.get(run.orderId()).thenCompose(order -> order == null
                ? CompletableFuture.failedFuture(new IllegalStateException("order " + run.orderId() + " not found"))
                : store.reserve(run, order.quantities(), clock.instant())));
    }

    /** Records the outcomes (a missing branch timed out) and ends the run; answers its final status. */
    public CompletableFuture<String> finish(WorkflowRun run, List<BranchOutcome> outcomes) {
        Instant now = clock.instant();
        List<BranchOutcome> all = new ArrayList<>(outcomes == null ? List.of() : outcomes);
        for (String branch : BRANCHES) {
            if (all.stream().noneMatch(o -> o.branch().equals(branch))) {
                all.add(new BranchOutcome(branch, BranchOutcome.TIMED_OUT,
                        branch + " processing did not finish within " + timeoutMs + " ms", run.startedAt(), now));
            }
        }
        return Futures.unwrapped(store.finish(run, all, now)
                .thenApply(workflow -> workflow == null ? "already-ended" : workflow.status()));
    }

    private CompletableFuture<BranchOutcome> branch(String name, Supplier<CompletableFuture<String>> work) {
        Instant started = clock.instant();
        CompletableFuture<String> result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.handle((reason, error) -> error == null
                ? new BranchOutcome(name, BranchOutcome.SUCCEEDED, reason, started, clock.instant())
                : new BranchOutcome(name, BranchOutcome.FAILED, message(error), started, clock.instant()));
    }

    private static String message(Throwable e) {
        Throwable c = Futures.cause(e);
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
