package io.signalbox.archive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbox.bus.AcceptedEvents;
import io.signalbox.bus.PutEventsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives every event the bus accepts, as an EventBridge archive with no event pattern does, each with a TTL
 * (365 days by default, seed 002's retention), in the archive table of the {@link ArchiveStore} (SQLite or
 * DynamoDB). One item per event: the bus (partition key), {@code <time>#<id>} (sort key, {@link ArchiveKeys}),
 * the event JSON and its expiry ({@link ArchivedEvent}).
 *
 * <p>Writing never slows PutEvents: {@link #accepted} only queues the events (no JSON, no request is built on
 * the caller's thread). The archive's own thread turns them into store writes, at most {@code maxInFlight} at
 * once; events accepted while those are in flight wait and leave in batches of up to the store's
 * {@link ArchiveStore#maxBatch} (DynamoDB: 25 to a BatchWriteItem), so a busy bus makes few large writes and a
 * quiet one writes at once. Events a write leaves unwritten (DynamoDB's unprocessed items) are retried with
 * exponential backoff and jitter. An event that cannot be archived — retries exhausted, a failed write, more
 * than {@code maxPending} waiting — is logged and counted ({@code signalbox_archive_failed_total}); archived ones
 * count in {@code signalbox_archived_total}. An event is delivered to its queues whether or not the archive works.
 */
public final class EventArchive implements AcceptedEvents, AutoCloseable {

    /** No retry waits longer than this. */
    static final long MAX_BACKOFF_MS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(EventArchive.class);

    private final ArchiveStore store;
    private final ArchiveSettings settings;
    private final MeterRegistry meters;
    private final Clock clock;
    /** The archive's thread: builds and starts every write, handles every answer, runs the retries. */
    private final ScheduledExecutorService executor;

    private final Queue<Accepted> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean overflowing = new AtomicBoolean();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    /** Writes in flight; written on the archive's thread only. */
    private volatile int inFlight;
    private volatile boolean closed;

    /** An accepted event waiting for a write. */
    private record Accepted(String bus, ObjectNode event) {
    }

    public EventArchive(ArchiveStore store, ArchiveSettings settings, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signalbox-archive");
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the accepted events for writing and returns at once; never throws. */
    @Override
    public void accepted(List<PutEventsRequest.Entry> entries) {
        for (PutEventsRequest.Entry entry : entries) {
            if (closed) {
                failed(entry.bus(), entry.eventId(), "closed", "the archive is shutting down");
            } else if (pendingCount.incrementAndGet() > settings.maxPending()) {
                pendingCount.decrementAndGet();
                if (overflowing.compareAndSet(false, true)) {
                    LOG.warn("Archive writes are {} events behind (signalbox.archive.max-pending): events are not "
                            + "archived until the archive store catches up; each is counted in {}", settings.maxPending(),
                            "signalbox_archive_failed_total{reason=\"overflow\"}");
                }
                failed(entry.bus(), entry.eventId(), "overflow", null);
            } else {
                pending.add(new Accepted(entry.bus(), entry.event()));
            }
        }
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // closed: close() counts what is left
            }
        }
    }

    /** On the archive's thread: starts as many batches as free write slots and waiting events allow. */
    private void drain() {
        drainScheduled.set(false);
        int maxBatch = store.maxBatch();
        while (inFlight < settings.maxInFlight() && !pending.isEmpty()) {
            List<ArchivedEvent> batch = new ArrayList<>(Math.min(maxBatch, Math.max(1, pendingCount.get())));
            Accepted next;
            int taken = 0;
            long expiresAt = ArchiveKeys.expiresAt(clock.instant(), settings.retention());
            while (batch.size() < maxBatch && (next = pending.poll()) != null) {
                taken++;
                try {
                    batch.add(ArchivedEvent.of(next.bus(), next.event(), expiresAt));
                } catch (RuntimeException e) {
                    failed(next.bus(), next.event().path(ArchiveItems.ID).asText(), "invalid", String.valueOf(e.getMessage()));
                }
            }
            if (!batch.isEmpty()) {
                inFlight++; // before the pending count drops, so that close() never sees both at zero too early
            }
            pendingCount.addAndGet(-taken);
            if (!batch.isEmpty()) {
                write(batch, 1);
            }
        }
        notifyIfIdle();
    }

    /** On the archive's thread: one store write; its answer is handled on the archive's thread too. */
    private void write(List<ArchivedEvent> batch, int attempt) {
        try {
            store.write(batch).whenComplete((left, error) -> onArchiveThread(() -> written(batch, attempt, left, error)));
        } catch (RuntimeException e) {
            written(batch, attempt, null, e);
        }
    }

    private void onArchiveThread(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.warn("Archive closed before a write's answer arrived; its events may not be archived");
        }
    }

    private void written(List<ArchivedEvent> batch, int attempt, List<ArchivedEvent> left, Throwable error) {
        if (error != null) {
            // the store has already retried what it retries (DynamoDB's SDK: throttling, 5xx): give up on the batch
            failed(batch, "error", rootMessage(error));
            release();
            return;
        }
        List<ArchivedEvent> rest = left == null ? List.of() : left;
        archived(batch, rest);
        if (rest.isEmpty()) {
            release();
        } else if (attempt >= settings.maxAttempts()) {
            failed(rest, "unprocessed", "the store left them unprocessed after " + attempt + " attempts");
            release();
        } else {
            long delay = backoffMillis(attempt, settings.retryBackoff().toMillis(), ThreadLocalRandom.current().nextDouble());
            executor.schedule(() -> write(rest, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The wait before attempt {@code attempt + 1}: {@code base * 2^(attempt-1)}, at most {@link #MAX_BACKOFF_MS},
     * of which a random part up to half ({@code jitter} in [0, 1)) is taken off so that retries spread out.
     */
    static long backoffMillis(int attempt, long baseMillis, double jitter) {
        long ceiling = Math.min(MAX_BACKOFF_MS, baseMillis << Math.min(attempt - 1, 20));
        return ceiling - (long) (ceiling / 2.0 * jitter);
    }

    private void release() {
        inFlight--;
        drain();
    }

    private void notifyIfIdle() {
        if (inFlight == 0 && pendingCount.get() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private void archived(List<ArchivedEvent> batch, List<ArchivedEvent> left) {
        Set<ArchivedEvent> notYet = Collections.newSetFromMap(new IdentityHashMap<>());
        notYet.addAll(left);
        for (ArchivedEvent event : batch) {
            if (!notYet.contains(event)) {
                counter("signalbox.archived", event.bus(), null).increment();
            }
        }
        if (batch.size() > left.size()) {
            overflowing.set(false);
        }
    }

    private void failed(String bus, String id, String reason, String message) {
        counter("signalbox.archive.failed", bus, reason).increment();
        if (message != null) {
            LOG.warn("1 event(s) not archived in {} ({}): {}; ids {}", store.table(), reason, message, List.of(id));
        }
    }

    private void failed(List<ArchivedEvent> events, String reason, String message) {
        for (ArchivedEvent event : events) {
            counter("signalbox.archive.failed", event.bus(), reason).increment();
        }
        if (message != null) {
            List<String> ids = events.stream().limit(5).map(ArchivedEvent::id).toList();
            LOG.warn("{} event(s) not archived in {} ({}): {}; ids {}{}", events.size(), store.table(), reason, message,
                    ids, events.size() > ids.size() ? " and more" : "");
        }
    }

    private Counter counter(String name, String bus, String reason) {
        String key = name + '\u0001' + bus + '\u0001' + reason;
        return counters.computeIfAbsent(key, k -> {
            Counter.Builder b = Counter.builder(name).tag("bus", bus == null ? "none" : bus);
            if (reason != null) {
                b.tag("reason", reason);
            }
            return b.register(meters);
        });
    }

    /**
     * Stops taking events and waits up to {@code timeout} for the queued ones to be written; called when Camel
     * stops, after the routes and before the store (the database, the DynamoDB client) closes.
     */
    public void close(Duration timeout) {
        closed = true;
        scheduleDrain();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0 || pendingCount.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warn("Archive closed with {} event(s) not yet written", pendingCount.get() + inFlight);
                    break;
                }
                try {
                    idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
