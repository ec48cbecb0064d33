package io.signalbox.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbox.events.Futures;
import io.signalbox.bus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a time window of the archive, as EventBridge's StartReplay does: reads the bus's archived events in
 * {@code [from, to)} in event-time order, a page at a time ({@link ArchiveStore#read}), and puts each back on the bus with
 * {@link EventBus#redeliver}, so it is matched against the rules enabled now and delivered to their queues. A
 * replayed event keeps its id, time and detail and gains a top-level {@code "replay-name"} field, as EventBridge
 * marks replays; it is not archived again.
 */
public final class ArchiveReplayer {

    /** The top-level field EventBridge adds to a replayed event. */
    public static final String REPLAY_NAME = "replay-name";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReplayer.class);

    private final ArchiveStore store;
    private final int pageSize;
    private final EventBus bus;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public ArchiveReplayer(ArchiveStore store, ArchiveSettings settings, EventBus bus, ObjectMapper mapper,
            MeterRegistry meters) {
        this.store = store;
        this.pageSize = settings.replayPageSize();
        this.bus = bus;
        this.mapper = mapper;
        this.meters = meters;
    }

    /**
     * What a replay did: {@code replayed} events put back on the bus (delivered, or matched by no rule now),
     * {@code failed} whose delivery failed, the first failure's reason.
     */
    public record Result(ReplayRequest request, long replayed, long failed, String firstFailure) {
    }

    /** Runs the replay; fails with an {@link ArchiveException} (400 for an unknown bus, 500 when the store fails). */
    public CompletableFuture<Result> replay(ReplayRequest request) {
        if (!bus.hasBus(request.bus())) {
            return CompletableFuture.failedFuture(ArchiveException.badRequest("Event bus " + request.bus()
                    + " does not exist; the buses are " + String.join(", ", bus.buses().stream().sorted().toList())));
        }
        Optional<ArchiveKeys.KeyRange> range = ArchiveKeys.range(request.from(), request.to());
        if (range.isEmpty()) {
            return CompletableFuture.completedFuture(new Result(request, 0, 0, null));
        }
        LOG.info("Replay {}: events of bus {} from {} to {}", request.name(), request.bus(), request.from(), request.to());
        CompletableFuture<Result> done = new CompletableFuture<>();
        pages(request, range.get(), null, new Result(request, 0, 0, null), done);
        return done.whenComplete((result, error) -> {
            if (result != null) {
                meters.counter("signalbox.archive.replayed", "bus", request.bus()).increment(result.replayed());
                LOG.info("Replay {}: {} events put back on bus {}, {} failed", request.name(), result.replayed(),
                        request.bus(), result.failed());
            }
        });
    }

    /** A page replayed: the result so far, and the key the next page starts after (null: that was the last). */
    private record Step(Result result, String after) {
    }

    /**
     * Replays page after page into {@code done}. A page whose read and delivery completed at once (SQLite reads on
     * this thread; events that no rule matches now are delivered nowhere) is followed in this loop, not from its
     * callback, so that a window of many pages never deepens the stack.
     */
    private void pages(ReplayRequest request, ArchiveKeys.KeyRange range, String after, Result sofar,
            CompletableFuture<Result> done) {
        String start = after;
        Result result = sofar;
        while (true) {
            CompletableFuture<Step> step;
            try {
                step = page(request, range, start, result);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (!step.isDone()) {
                step.whenComplete((next, error) -> {
                    if (error != null) {
                        done.completeExceptionally(Futures.cause(error));
                    } else if (next.after() == null) {
                        done.complete(next.result());
                    } else {
                        pages(request, range, next.after(), next.result(), done);
                    }
                });
                return;
            }
            Step next;
            try {
                next = step.join();
            } catch (CompletionException e) {
                done.completeExceptionally(Futures.cause(e));
                return;
            }
            if (next.after() == null) {
                done.complete(next.result());
                return;
            }
            start = next.after();
            result = next.result();
        }
    }

    private CompletableFuture<Step> page(ReplayRequest request, ArchiveKeys.KeyRange range, String after, Result sofar) {
        CompletableFuture<ArchivePage> read;
        try {
            read = store.read(request.bus(), range, pageSize, after);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        return read
                .exceptionally(error -> {
                    throw new ArchiveException(500, "Replay " + request.name() + " could not read the archive table "
                            + store.table() + ": " + rootMessage(error));
                })
                .thenCompose(page -> redeliver(request, page.events(), sofar)
                        .thenApply(result -> new Step(result, page.after())));
    }

    private CompletableFuture<Result> redeliver(ReplayRequest request, List<ArchivedEvent> archived, Result sofar) {
        List<ObjectNode> events = new ArrayList<>(archived.size());
        long unreadable = 0;
        String firstFailure = sofar.firstFailure();
        for (ArchivedEvent item : archived) {
            try {
                events.add(replayed(item, request.name()));
            } catch (IllegalArgumentException e) {
                unreadable++;
                firstFailure = firstFailure == null ? e.getMessage() : firstFailure;
            }
        }
        long bad = unreadable;
        String first = firstFailure;
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new Result(request, sofar.replayed(), sofar.failed() + bad, first));
        }
        return bus.redeliver(request.bus(), events).handle((failures, error) -> {
            if (error != null) {
                String reason = rootMessage(error);
                return new Result(request, sofar.replayed(), sofar.failed() + bad + events.size(),
                        first == null ? reason : first);
            }
            long failed = failures.stream().filter(f -> f != null).count();
            String reason = first == null ? failures.stream().filter(f -> f != null).findFirst().orElse(null) : first;
            return new Result(request, sofar.replayed() + events.size() - failed, sofar.failed() + bad + failed, reason);
        });
    }

    /** The event of {@code item}, marked as replayed by {@code name}. */
    ObjectNode replayed(ArchivedEvent item, String name) {
        String key = item.key() != null ? item.key() : "?";
        if (item.event() == null) {
            throw new IllegalArgumentException("Archived item " + key + " has no event");
        }
        JsonNode event;
        try {
            event = mapper.readTree(item.event());
        } catch (IOException e) {
            throw new IllegalArgumentException("Archived item " + key + " holds no JSON event: " + e.getMessage());
        }
        if (!(event instanceof ObjectNode object)) {
            throw new IllegalArgumentException("Archived item " + key + " holds no JSON event");
        }
        object.put(REPLAY_NAME, name);
        return object;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
