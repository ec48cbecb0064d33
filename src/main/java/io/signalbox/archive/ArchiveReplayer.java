package io.signalbox.archive;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbox.bus.EventBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Replays a time window of the archive, as EventBridge's StartReplay does: reads the bus's archived events in
 * {@code [from, to)} in event-time order, a Query page at a time, and puts each back on the bus with
 * {@link EventBus#redeliver}, so it is matched against the rules enabled now and delivered to their queues. A
 * replayed event keeps its id, time and detail and gains a top-level {@code "replay-name"} field, as EventBridge
 * marks replays; it is not archived again.
 */
public final class ArchiveReplayer {

    /** The top-level field EventBridge adds to a replayed event. */
    public static final String REPLAY_NAME = "replay-name";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveReplayer.class);

    private final DynamoDbAsyncClient dynamoDb;
    private final ArchiveSettings.ArchiveTable table;
    private final int pageSize;
    private final EventBus bus;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public ArchiveReplayer(DynamoDbAsyncClient dynamoDb, ArchiveSettings settings, EventBus bus, ObjectMapper mapper,
            MeterRegistry meters) {
        this.dynamoDb = dynamoDb;
        this.table = settings.table();
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

    /** Runs the replay; fails with an {@link ArchiveException} (400 for an unknown bus, 500 for DynamoDB). */
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
        return page(request, range.get(), null, new Result(request, 0, 0, null)).whenComplete((result, error) -> {
            if (result != null) {
                meters.counter("signalbox.archive.replayed", "bus", request.bus()).increment(result.replayed());
                LOG.info("Replay {}: {} events put back on bus {}, {} failed", request.name(), result.replayed(),
                        request.bus(), result.failed());
            }
        });
    }

    private CompletableFuture<Result> page(ReplayRequest request, ArchiveKeys.KeyRange range,
            Map<String, AttributeValue> start, Result sofar) {
        return dynamoDb.query(b -> b.tableName(table.name()).consistentRead(true).limit(pageSize)
                        .keyConditionExpression("#bus = :bus AND #key BETWEEN :lower AND :upper")
                        .expressionAttributeNames(Map.of("#bus", table.partitionKey(), "#key", table.sortKey()))
                        .expressionAttributeValues(Map.of(":bus", AttributeValue.fromS(request.bus()),
                                ":lower", AttributeValue.fromS(range.lower()), ":upper", AttributeValue.fromS(range.upper())))
                        .exclusiveStartKey(start))
                .exceptionally(error -> {
                    throw new ArchiveException(500, "Replay " + request.name() + " could not read the archive table "
                            + table.name() + ": " + rootMessage(error));
                })
                .thenCompose(response -> redeliver(request, response, sofar).thenCompose(result ->
                        response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                                ? page(request, range, response.lastEvaluatedKey(), result)
                                : CompletableFuture.completedFuture(result)));
    }

    private CompletableFuture<Result> redeliver(ReplayRequest request, QueryResponse response, Result sofar) {
        List<ObjectNode> events = new ArrayList<>(response.items().size());
        long unreadable = 0;
        String firstFailure = sofar.firstFailure();
        for (Map<String, AttributeValue> item : response.items()) {
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

    /** The archived event of {@code item}, marked as replayed by {@code name}. */
    ObjectNode replayed(Map<String, AttributeValue> item, String name) {
        AttributeValue json = item.get(EventArchive.EVENT);
        String key = item.containsKey(table.sortKey()) ? item.get(table.sortKey()).s() : "?";
        if (json == null || json.s() == null) {
            throw new IllegalArgumentException("Archived item " + key + " has no event");
        }
        JsonNode event;
        try {
            event = mapper.readTree(json.s());
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
