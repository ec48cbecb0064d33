package io.signalbox.archive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
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
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Archives every event the bus accepts in a DynamoDB table, as an EventBridge archive with no event pattern
 * does, each with a TTL (365 days by default, seed 002's retention). One item per event: the bus (partition
 * key), {@code <time>#<id>} (sort key, {@link ArchiveKeys}), the event JSON and its expiry.
 *
 * <p>Writing never slows PutEvents: {@link #accepted} only queues the events (no JSON, no request is built on
 * the caller's thread). The archive's own thread turns them into BatchWriteItem requests on the shared async
 * client, at most {@code maxInFlight} at once; events accepted while those are in flight wait and leave in
 * batches of up to 25, so a busy bus makes few large requests and a quiet one writes at once. Items DynamoDB
 * leaves unprocessed are retried with exponential backoff and jitter. An event that cannot be archived —
 * retries exhausted, a failed request, more than {@code maxPending} waiting — is logged and counted
 * ({@code signalbox_archive_failed_total}); archived ones count in {@code signalbox_archived_total}. An event is
 * delivered to its queues whether or not the archive works.
 */
public final class EventArchive implements AcceptedEvents, AutoCloseable {

    /** BatchWriteItem's limit. */
    static final int MAX_BATCH = 25;
    /** No retry waits longer than this. */
    static final long MAX_BACKOFF_MS = 5_000;

    static final String EVENT = "event";
    static final String ID = "id";
    static final String TIME = "time";
    static final String SOURCE = "source";
    static final String DETAIL_TYPE = "detail_type";

    private static final Logger LOG = LoggerFactory.getLogger(EventArchive.class);

    private final DynamoDbAsyncClient dynamoDb;
    private final ArchiveSettings settings;
    private final ArchiveSettings.ArchiveTable table;
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
    /** Requests in flight; written on the archive's thread only. */
    private volatile int inFlight;
    private volatile boolean closed;

    /** An accepted event waiting for a write. */
    private record Accepted(String bus, ObjectNode event) {
    }

    /** An event in a batch: its bus (for counting), id, sort key and DynamoDB write. */
    private record Item(String bus, String id, String sortKey, WriteRequest write) {
    }

    public EventArchive(DynamoDbAsyncClient dynamoDb, ArchiveSettings settings, MeterRegistry meters, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.settings = settings;
        this.table = settings.table();
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
                            + "archived until DynamoDB catches up; each is counted in {}", settings.maxPending(),
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

    /** On the archive's thread: starts as many batches as free request slots and waiting events allow. */
    private void drain() {
        drainScheduled.set(false);
        while (inFlight < settings.maxInFlight() && !pending.isEmpty()) {
            List<Item> batch = new ArrayList<>(MAX_BATCH);
            Accepted next;
            int taken = 0;
            while (batch.size() < MAX_BATCH && (next = pending.poll()) != null) {
                taken++;
                try {
                    Map<String, AttributeValue> item = item(next.bus(), next.event());
                    batch.add(new Item(next.bus(), item.get(ID).s(), item.get(table.sortKey()).s(),
                            WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
                } catch (RuntimeException e) {
                    failed(next.bus(), next.event().path(ID).asText(), "invalid", String.valueOf(e.getMessage()));
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

    /** The table item of {@code event}. */
    Map<String, AttributeValue> item(String bus, ObjectNode event) {
        String id = event.get(ID).asText();
        String time = event.get(TIME).asText();
        Map<String, AttributeValue> item = new HashMap<>(12);
        item.put(table.partitionKey(), AttributeValue.fromS(bus));
        item.put(table.sortKey(), AttributeValue.fromS(ArchiveKeys.sortKey(time, id)));
        item.put(ID, AttributeValue.fromS(id));
        item.put(TIME, AttributeValue.fromS(time));
        item.put(SOURCE, AttributeValue.fromS(event.path(SOURCE).asText()));
        item.put(DETAIL_TYPE, AttributeValue.fromS(event.path("detail-type").asText()));
        item.put(EVENT, AttributeValue.fromS(event.toString()));
        item.put(table.ttlAttribute(), AttributeValue.fromN(Long.toString(
                ArchiveKeys.expiresAt(clock.instant(), settings.retention()))));
        return item;
    }

    /** On the archive's thread: one BatchWriteItem; its answer is handled on the archive's thread too. */
    private void write(List<Item> batch, int attempt) {
        List<WriteRequest> writes = new ArrayList<>(batch.size());
        batch.forEach(i -> writes.add(i.write()));
        try {
            dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table.name(), writes)))
                    .whenComplete((response, error) -> onArchiveThread(() -> written(batch, attempt, response, error)));
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

    private void written(List<Item> batch, int attempt, BatchWriteItemResponse response, Throwable error) {
        if (error != null) {
            // the SDK has already retried what it retries (throttling, 5xx): give up on the batch
            failed(batch, "error", rootMessage(error));
            release();
            return;
        }
        List<Item> left = unprocessed(batch, response);
        archived(batch, left);
        if (left.isEmpty()) {
            release();
        } else if (attempt >= settings.maxAttempts()) {
            failed(left, "unprocessed", "DynamoDB left them unprocessed after " + attempt + " attempts");
            release();
        } else {
            long delay = backoffMillis(attempt, settings.retryBackoff().toMillis(), ThreadLocalRandom.current().nextDouble());
            executor.schedule(() -> write(left, attempt + 1), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** The items of {@code batch} DynamoDB left unprocessed, known by their partition and sort key. */
    private List<Item> unprocessed(List<Item> batch, BatchWriteItemResponse response) {
        List<WriteRequest> unprocessed = response.hasUnprocessedItems()
                ? response.unprocessedItems().getOrDefault(table.name(), List.of())
                : List.of();
        if (unprocessed.isEmpty()) {
            return List.of();
        }
        Set<String> keys = new HashSet<>();
        for (WriteRequest w : unprocessed) {
            Map<String, AttributeValue> item = w.putRequest().item();
            keys.add(item.get(table.partitionKey()).s() + '\n' + item.get(table.sortKey()).s());
        }
        List<Item> left = new ArrayList<>(unprocessed.size());
        for (Item item : batch) {
            if (keys.contains(item.bus() + '\n' + item.sortKey())) {
                left.add(item);
            }
        }
        return left;
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

    private void archived(List<Item> batch, List<Item> left) {
        Set<Item> notYet = Collections.newSetFromMap(new IdentityHashMap<>());
        notYet.addAll(left);
        for (Item item : batch) {
            if (!notYet.contains(item)) {
                counter("signalbox.archived", item.bus(), null).increment();
            }
        }
        if (batch.size() > left.size()) {
            overflowing.set(false);
        }
    }

    private void failed(String bus, String id, String reason, String message) {
        failed(List.of(new Item(bus, id, null, null)), reason, message);
    }

    private void failed(List<Item> items, String reason, String message) {
        for (Item item : items) {
            counter("signalbox.archive.failed", item.bus(), reason).increment();
        }
        if (message != null) {
            List<String> ids = items.stream().limit(5).map(Item::id).toList();
            LOG.warn("{} event(s) not archived in {} ({}): {}; ids {}{}", items.size(), table.name(), reason, message,
                    ids, items.size() > ids.size() ? " and more" : "");
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
     * stops, after the routes and before the DynamoDB client closes.
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
