package io.signalbox.bus;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleMatcher;

/**
 * Signalbox's EventBridge stand-in: accepts PutEvents, matches each event against the rules of its bus and
 * delivers it, in EventBridge's event JSON, to every target queue of every matching rule. An entry is
 * answered with its event id only once every delivery is acknowledged by the queue, so an accepted event
 * is never only in memory. Accepted events go to {@link AcceptedEvents} (the archive); {@link #redeliver} puts
 * archived events back on the bus for a replay.
 */
public final class EventBus implements AwsJsonApi {

    private final RuleMatcher matcher;
    private final QueueSender sender;
    private final BusListener listener;
    private final AcceptedEvents acceptedEvents;
    private final ObjectMapper mapper;
    private final String account;
    private final String region;

    public EventBus(RuleMatcher matcher, QueueSender sender, BusListener listener, ObjectMapper mapper,
            String account, String region) {
        this(matcher, sender, listener, AcceptedEvents.NONE, mapper, account, region);
    }

    public EventBus(RuleMatcher matcher, QueueSender sender, BusListener listener, AcceptedEvents acceptedEvents,
            ObjectMapper mapper, String account, String region) {
        this.matcher = matcher;
        this.sender = sender;
        this.listener = listener;
        this.acceptedEvents = acceptedEvents;
        this.mapper = mapper;
        this.account = account;
        this.region = region;
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents.";
    }

    /** Handles one API call; {@code target} is the {@code X-Amz-Target} header. */
    @Override
    public CompletableFuture<ApiResponse> handle(String target, byte[] body) {
        try {
            if (target == null || target.isBlank()) {
                throw new ApiException("UnknownOperationException", 400,
                        "Missing X-Amz-Target header: this endpoint speaks the AWSEvents JSON 1.1 protocol");
            }
            if (!"AWSEvents.PutEvents".equals(target)) {
                throw new ApiException("UnknownOperationException", 400,
                        "Operation " + target + " is not supported: this endpoint supports AWSEvents.PutEvents");
            }
            return putEvents(PutEventsRequest.parse(mapper, body, account, region));
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(error(e));
        } catch (RuntimeException e) {
            // never leave the caller without an answer: the HTTP route completes only when this future does
            return CompletableFuture.completedFuture(error(new ApiException("InternalException", 500,
                    "Internal error: " + rootMessage(e))));
        }
    }

    public CompletableFuture<ApiResponse> putEvents(PutEventsRequest request) {
        List<PutEventsRequest.Entry> entries = request.entries();
        Failure[] failures = new Failure[entries.size()];
        String[] buses = new String[entries.size()];
        ObjectNode[] events = new ObjectNode[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            PutEventsRequest.Entry entry = entries.get(i);
            if (!entry.accepted()) {
                listener.rejected(entry.source(), entry.detailType(), entry.errorCode());
                continue;
            }
            if (!matcher.hasBus(entry.bus())) {
                failures[i] = new Failure("ResourceNotFoundException", "Event bus " + entry.bus() + " does not exist.");
                listener.rejected(entry.source(), entry.detailType(), "ResourceNotFoundException");
                continue;
            }
            buses[i] = entry.bus();
            events[i] = entry.event();
        }
        return deliver(buses, events, failures, listener, "; retry the entry.")
                .thenApply(ignored -> respond(entries, failures));
    }

    /**
     * Puts one event that a route produced on {@code bus}, as an accepted PutEvents entry would be: matched,
     * delivered to its rules' queues, counted and archived.
     *
     * @return completes with the new event's id, or fails when the bus does not exist or a delivery failed
     */
    public CompletableFuture<String> publish(String bus, String source, String detailType, ObjectNode detail) {
        if (!matcher.hasBus(bus)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Event bus " + bus
                    + " does not exist: the buses are " + matcher.buses()));
        }
        PutEventsRequest.Entry entry = PutEventsRequest.Entry.of(bus, source, detailType, detail, null,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), account, region);
        Failure[] failures = new Failure[1];
        try {
            return deliver(new String[] {bus}, new ObjectNode[] {entry.event()}, failures, listener, "")
                    .thenApply(ignored -> {
                        if (failures[0] != null) {
                            throw new CompletionException(new IllegalStateException(detailType + " from " + source
                                    + " could not be published: " + failures[0].message()));
                        }
                        listener.accepted(bus, source, detailType);
                        acceptedEvents.accepted(List.of(entry));
                        return entry.eventId();
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether {@code bus} exists (default or declared in the rules). */
    public boolean hasBus(String bus) {
        return matcher.hasBus(bus);
    }

    /** The buses that exist. */
    public Set<String> buses() {
        return matcher.buses();
    }

    /**
     * Puts events that the bus accepted before back on {@code bus}, as they are (same id, time and detail): a
     * replay. They are matched against the rules enabled now and delivered to their queues, but neither handed
     * to {@link AcceptedEvents} (a replay is not archived again) nor counted as accepted or unmatched.
     *
     * @return per event, null when it was delivered (or no rule matched it), else why its delivery failed
     */
    public CompletableFuture<List<String>> redeliver(String bus, List<ObjectNode> events) {
        if (!matcher.hasBus(bus)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("Event bus " + bus + " does not exist."));
        }
        Failure[] failures = new Failure[events.size()];
        String[] buses = new String[events.size()];
        Arrays.fill(buses, bus);
        try {
            return deliver(buses, events.toArray(ObjectNode[]::new), failures, BusListener.NONE, "")
                    .thenApply(ignored -> Arrays.stream(failures)
                            .map(f -> f == null ? null : f.message()).toList());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Matches each event (those with a bus; the others are skipped) and sends it to the target queues of its
     * rules, one send per queue; records a failed delivery in {@code failures} at the event's index, its message
     * ending with {@code hint}.
     */
    private CompletableFuture<Void> deliver(String[] buses, ObjectNode[] events, Failure[] failures,
            BusListener report, String hint) {
        Map<String, List<Integer>> entriesByQueue = new LinkedHashMap<>();
        Map<String, List<String>> bodiesByQueue = new LinkedHashMap<>();
        for (int i = 0; i < events.length; i++) {
            if (buses[i] == null) {
                continue;
            }
            ObjectNode event = events[i];
            List<Rule> rules = matcher.match(buses[i], event);
            if (rules.isEmpty()) {
                report.unmatched(buses[i], event.path("source").asText(null), event.path("detail-type").asText(null));
                continue;
            }
            String json = event.toString();
            Set<String> queues = new HashSet<>();
            for (Rule rule : rules) {
                for (Rule.Target target : rule.targets()) {
                    String queue = target.queueName();
                    if (queues.add(queue)) { // two rules targeting one queue deliver once, as EventBridge does
                        entriesByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(i);
                        bodiesByQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(json);
                    }
                }
            }
        }
        List<CompletableFuture<Void>> sends = new ArrayList<>(bodiesByQueue.size());
        for (Map.Entry<String, List<String>> e : bodiesByQueue.entrySet()) {
            String queue = e.getKey();
            List<Integer> indexes = entriesByQueue.get(queue);
            sends.add(sender.send(queue, e.getValue()).handle((failed, error) -> {
                synchronized (failures) {
                    for (int j = 0; j < indexes.size(); j++) {
                        if (error != null || failed.contains(j)) {
                            failures[indexes.get(j)] = new Failure("InternalFailure", "Delivery to queue " + queue
                                    + " failed" + (error != null ? ": " + rootMessage(error) : "") + hint);
                        }
                    }
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    private ApiResponse respond(List<PutEventsRequest.Entry> entries, Failure[] failures) {
        StringWriter out = new StringWriter(64 + entries.size() * 64);
        List<PutEventsRequest.Entry> accepted = new ArrayList<>(entries.size());
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            int failed = 0;
            json.writeStartObject();
            json.writeArrayFieldStart("Entries");
            for (int i = 0; i < entries.size(); i++) {
                PutEventsRequest.Entry entry = entries.get(i);
                json.writeStartObject();
                if (!entry.accepted()) {
                    failed++;
                    json.writeStringField("ErrorCode", entry.errorCode());
                    json.writeStringField("ErrorMessage", entry.errorMessage());
                } else if (failures[i] != null) {
                    failed++;
                    json.writeStringField("ErrorCode", failures[i].code());
                    json.writeStringField("ErrorMessage", failures[i].message());
                } else {
                    json.writeStringField("EventId", entry.eventId());
                    listener.accepted(entry.bus(), entry.source(), entry.detailType());
                    accepted.add(entry);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("FailedEntryCount", failed);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!accepted.isEmpty()) {
            acceptedEvents.accepted(accepted);
        }
        return ApiResponse.ok(out.toString());
    }

    private ApiResponse error(ApiException e) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("__type", e.type());
            json.writeStringField("message", e.getMessage());
            json.writeEndObject();
        } catch (IOException io) {
            throw new UncheckedIOException(io);
        }
        return new ApiResponse(e.status(), e.type(), out.toString());
    }

    /** Why an entry that passed validation still failed. */
    private record Failure(String code, String message) {
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
