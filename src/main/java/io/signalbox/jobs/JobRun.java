package io.signalbox.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.SkuReport;
import io.signalbox.store.ItemBatch;
import io.signalbox.store.Items;

/**
 * One run of a job, shared by the run's per-SKU exchanges (thread-safe): what it covers, how far it got, and
 * which SKUs failed and why. {@link #item} is its row in the job-runs table (key {@code job}, sort key
 * {@code run_id}, which starts with the start time so a job's runs sort by time).
 */
public final class JobRun {

    /** How many failures the row spells out (a DynamoDB item holds 400 KB); {@code skus_failed} counts all. */
    static final int MAX_LISTED_FAILURES = 100;

    public enum Status { COMPLETED, COMPLETED_WITH_FAILURES, SKIPPED, FAILED }

    public record Failure(String sku, String errorClass, String reason) {
    }

    private final String job;
    private final String runId;
    private final String eventId;
    private final String trigger;
    private final String scope;
    private final Instant started;
    private final ItemBatch writer;
    private final AtomicInteger total = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong results = new AtomicLong();
    private final AtomicLong reorders = new AtomicLong();
    private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final Queue<SkuReport> reports = new ConcurrentLinkedQueue<>();
    private volatile String output;

    public JobRun(String job, String runId, String eventId, String trigger, String scope, Instant started,
            ItemBatch writer) {
        this.job = job;
        this.runId = runId;
        this.eventId = eventId;
        this.trigger = trigger;
        this.scope = scope;
        this.started = started;
        this.writer = writer;
    }

    public String job() {
        return job;
    }

    public String runId() {
        return runId;
    }

    public String scope() {
        return scope;
    }

    public Instant started() {
        return started;
    }

    /** Where the run's results are written, in batches. */
    public ItemBatch writer() {
        return writer;
    }

    public void total(int n) {
        total.set(n);
    }

    public void done() {
        done.incrementAndGet();
    }

    public void results(long n) {
        results.addAndGet(n);
    }

    public void reorder() {
        reorders.incrementAndGet();
    }

    public void failed(Failure f) {
        failed.incrementAndGet();
        if (failures.size() < MAX_LISTED_FAILURES) {
            failures.add(f);
        }
    }

    public void report(SkuReport r) {
        reports.add(r);
    }

    public List<SkuReport> reports() {
        return new ArrayList<>(reports);
    }

    /** Where the run's output went (the weekly report's location), or null. */
    public void output(String where) {
        this.output = where;
    }

    public int skusDone() {
        return done.get();
    }

    public int skusFailed() {
        return failed.get();
    }

    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    public Status status() {
        return failed.get() == 0 ? Status.COMPLETED : Status.COMPLETED_WITH_FAILURES;
    }

    /** The run's row, as of {@code ended}; {@code reason} says why it was skipped or failed (null: no reason). */
    public ObjectNode item(Instant ended, Status status, String reason) {
        ObjectNode item = Items.object();
        item.put("job", ResultItems.text(job));
        item.put("run_id", ResultItems.text(runId));
        item.put("event_id", ResultItems.text(eventId));
        item.put("trigger", ResultItems.text(trigger));
        item.put("scope", ResultItems.text(scope));
        item.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
        item.put("started_at", started.toString());
        item.put("ended_at", ended.toString());
        item.put("duration_ms", Items.figure(ended.toEpochMilli() - started.toEpochMilli()));
        item.put("skus_total", Items.figure(total.get()));
        item.put("skus_done", Items.figure(done.get()));
        item.put("skus_failed", Items.figure(failed.get()));
        item.put("results_written", Items.figure(results.get()));
        item.put("reorders", Items.figure(reorders.get()));
        ArrayNode list = item.putArray("failures");
        for (Failure f : failures) {
            list.addObject().put("sku", ResultItems.text(f.sku())).put("error_class", ResultItems.text(f.errorClass()))
                    .put("reason", ResultItems.text(f.reason()));
        }
        if (reason != null) {
            item.put("reason", reason);
        }
        if (output != null) {
            item.put("output", output);
        }
        return item;
    }
}
