package io.signalbox.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleMatcher;
import io.signalbox.rules.RuleSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus on its own: rule matching, fan-out to target queues, per-entry and whole-request errors, and what it
 * reports to its {@link BusListener}. The {@link QueueSender} here is a fake — an in-memory recorder that can
 * be told to fail — not a server; the real SQS path is covered by PutEventsIT.
 */
class EventBusTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Fake QueueSender: records what would be sent; fails whole queues, or single messages by content. */
    static final class FakeSender implements QueueSender {
        final Map<String, List<String>> sent = new ConcurrentHashMap<>();
        final List<String> calls = new ArrayList<>();
        final Set<String> failingQueues = ConcurrentHashMap.newKeySet();
        final Set<String> rejectedBodiesContaining = ConcurrentHashMap.newKeySet();
        volatile boolean throwOnSend;

        @Override
        public synchronized CompletableFuture<Set<Integer>> send(String queue, List<String> bodies) {
            calls.add(queue);
            if (throwOnSend) {
                throw new IllegalStateException("sender broke before it could return a future");
            }
            if (failingQueues.contains(queue)) {
                return CompletableFuture.failedFuture(new IllegalStateException("queue " + queue + " is down"));
            }
            Set<Integer> failed = new HashSet<>();
            for (int i = 0; i < bodies.size(); i++) {
                int index = i;
                if (rejectedBodiesContaining.stream().anyMatch(s -> bodies.get(index).contains(s))) {
                    failed.add(i);
                } else {
                    sent.computeIfAbsent(queue, q -> new ArrayList<>()).add(bodies.get(i));
                }
            }
            return CompletableFuture.completedFuture(failed);
        }
    }

    /** Records every listener call as "bus/source/detail-type" (or the error code for rejections). */
    static final class Recorder implements BusListener {
        final List<String> accepted = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        final List<String> unmatched = new ArrayList<>();

        @Override
        public synchronized void accepted(String bus, String source, String detailType) {
            accepted.add(bus + "/" + source + "/" + detailType);
        }

        @Override
        public synchronized void rejected(String source, String detailType, String errorCode) {
            rejected.add(source + "/" + detailType + "/" + errorCode);
        }

        @Override
        public synchronized void unmatched(String bus, String source, String detailType) {
            unmatched.add(bus + "/" + source + "/" + detailType);
        }
    }

    private final FakeSender sender = new FakeSender();
    private final Recorder listener = new Recorder();
    private final EventBus bus = new EventBus(new RuleMatcher(rules()), sender, listener, MAPPER, "000000000000",
            "us-east-1");

    /**
     * On custom-event-bus two rules match source "orders", both targeting order-queue (the second also
     * audit-queue); on default one rule sends source "supply" to supply-queue by ARN.
     */
    private static RuleSet rules() {
        return new RuleSet(List.of("custom-event-bus"), List.of(
                new Rule("orders-to-q", "custom-event-bus", null, "ENABLED", pattern("orders"),
                        List.of(new Rule.Target(null, null, "order-queue"))),
                new Rule("orders-again-to-q", "custom-event-bus", null, "ENABLED", pattern("orders"),
                        List.of(new Rule.Target(null, null, "order-queue"), new Rule.Target(null, null, "audit-queue"))),
                new Rule("supply", null, null, "ENABLED", pattern("supply"),
                        List.of(new Rule.Target(null, "arn:aws:sqs:us-east-1:000000000000:supply-queue", null)))));
    }

    private static JsonNode pattern(String source) {
        return MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add(source));
    }

    private static String entry(String bus, String source, String detailType, String detail) {
        var e = MAPPER.createObjectNode();
        if (bus != null) {
            e.put("EventBusName", bus);
        }
        return e.put("Source", source).put("DetailType", detailType).put("Detail", detail).toString();
    }

    private ApiResponse handle(String target, String body) throws Exception {
        return bus.handle(target, body.getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
    }

    private JsonNode putEvents(String... entries) throws Exception {
        ApiResponse response = handle("AWSEvents.PutEvents", "{\"Entries\":[" + String.join(",", entries) + "]}");
        assertEquals(200, response.status(), response.body());
        assertNull(response.errorType());
        JsonNode json = MAPPER.readTree(response.body());
        assertEquals(entries.length, json.get("Entries").size());
        return json;
    }

    @Test
    void anAcceptedEntryIsAnsweredWithTheIdOfTheEventDelivered() throws Exception {
        JsonNode answer = putEvents(entry(null, "supply", "Inventory Update", "{\"sku\":\"SKU-1\"}"));
        assertEquals(0, answer.get("FailedEntryCount").asInt());
        JsonNode result = answer.get("Entries").get(0);
        assertFalse(result.has("ErrorCode"));
        JsonNode delivered = MAPPER.readTree(sender.sent.get("supply-queue").get(0));
        assertEquals(result.get("EventId").asText(), delivered.get("id").asText());
        assertEquals("supply", delivered.get("source").asText());
        assertEquals("Inventory Update", delivered.get("detail-type").asText());
        assertEquals("000000000000", delivered.get("account").asText());
        assertEquals("us-east-1", delivered.get("region").asText());
        assertEquals("SKU-1", delivered.get("detail").get("sku").asText());
    }

    @Test
    void anEventMatchingTwoRulesThatTargetOneQueueIsDeliveredThereOnce() throws Exception {
        JsonNode answer = putEvents(entry("custom-event-bus", "orders", "Order Created", "{\"order_id\":\"1\"}"));
        assertEquals(0, answer.get("FailedEntryCount").asInt());
        assertEquals(1, sender.sent.get("order-queue").size());
        assertEquals(1, sender.sent.get("audit-queue").size());
        String id = answer.get("Entries").get(0).get("EventId").asText();
        assertEquals(id, MAPPER.readTree(sender.sent.get("order-queue").get(0)).get("id").asText());
        assertEquals(List.of("custom-event-bus/orders/Order Created"), listener.accepted);
    }

    @Test
    void theEntriesOfOneCallForOneQueueGoInOneSendInOrder() throws Exception {
        JsonNode answer = putEvents(entry(null, "supply", "A", "{}"), entry(null, "supply", "B", "{}"),
                entry(null, "supply", "C", "{}"));
        assertEquals(List.of("supply-queue"), sender.calls);
        List<String> types = new ArrayList<>();
        for (String body : sender.sent.get("supply-queue")) {
            types.add(MAPPER.readTree(body).get("detail-type").asText());
        }
        assertEquals(List.of("A", "B", "C"), types);
        assertEquals(0, answer.get("FailedEntryCount").asInt());
    }

    @Test
    void anUnmatchedEventIsAcceptedWithAnIdGoesNowhereAndIsCountedAsUnmatched() throws Exception {
        // the orders rules live on custom-event-bus, not on default
        JsonNode answer = putEvents(entry(null, "orders", "Order Created", "{}"));
        assertEquals(0, answer.get("FailedEntryCount").asInt());
        assertTrue(answer.get("Entries").get(0).has("EventId"));
        assertTrue(sender.calls.isEmpty());
        assertEquals(List.of("default/orders/Order Created"), listener.unmatched);
        // accepted counts every entry that got an event id, matched or not
        assertEquals(List.of("default/orders/Order Created"), listener.accepted);
        assertTrue(listener.rejected.isEmpty());
    }

    @Test
    void anUnknownBusIsAResourceNotFoundErrorForItsEntryOnly() throws Exception {
        JsonNode answer = putEvents(entry("nope", "supply", "X", "{}"), entry(null, "supply", "X", "{}"),
                entry("arn:aws:events:us-east-1:000000000000:event-bus/nope", "supply", "Y", "{}"));
        assertEquals(2, answer.get("FailedEntryCount").asInt());
        JsonNode unknown = answer.get("Entries").get(0);
        assertEquals("ResourceNotFoundException", unknown.get("ErrorCode").asText());
        assertEquals("Event bus nope does not exist.", unknown.get("ErrorMessage").asText());
        assertFalse(unknown.has("EventId"));
        assertEquals("ResourceNotFoundException", answer.get("Entries").get(2).get("ErrorCode").asText());
        assertTrue(answer.get("Entries").get(1).has("EventId"));
        assertEquals(1, sender.sent.get("supply-queue").size());
        assertEquals(List.of("supply/X/ResourceNotFoundException", "supply/Y/ResourceNotFoundException"),
                listener.rejected);
        assertEquals(List.of("default/supply/X"), listener.accepted);
    }

    @Test
    void aQueueThatFailsFailsTheEntriesThatNeededItWithInternalFailureAndOnlyThose() throws Exception {
        sender.failingQueues.add("audit-queue");
        JsonNode answer = putEvents(entry("custom-event-bus", "orders", "Order Created", "{}"),
                entry(null, "supply", "X", "{}"));
        assertEquals(1, answer.get("FailedEntryCount").asInt());
        JsonNode failed = answer.get("Entries").get(0);
        assertEquals("InternalFailure", failed.get("ErrorCode").asText());
        assertEquals("Delivery to queue audit-queue failed: queue audit-queue is down; retry the entry.",
                failed.get("ErrorMessage").asText());
        assertFalse(failed.has("EventId"));
        assertTrue(answer.get("Entries").get(1).has("EventId"));
        assertEquals(List.of("default/supply/X"), listener.accepted);
    }

    @Test
    void aMessageTheQueueRefusesFailsItsEntryWhileTheRestOfTheBatchSucceeds() throws Exception {
        sender.rejectedBodiesContaining.add("\"detail-type\":\"B\"");
        JsonNode answer = putEvents(entry(null, "supply", "A", "{}"), entry(null, "supply", "B", "{}"),
                entry(null, "supply", "C", "{}"));
        assertEquals(1, answer.get("FailedEntryCount").asInt());
        assertTrue(answer.get("Entries").get(0).has("EventId"));
        assertEquals("InternalFailure", answer.get("Entries").get(1).get("ErrorCode").asText());
        assertEquals("Delivery to queue supply-queue failed; retry the entry.",
                answer.get("Entries").get(1).get("ErrorMessage").asText());
        assertTrue(answer.get("Entries").get(2).has("EventId"));
        assertEquals(List.of("default/supply/A", "default/supply/C"), listener.accepted);
    }

    @Test
    void failedEntryCountCountsEveryKindOfFailure() throws Exception {
        sender.failingQueues.add("audit-queue");
        JsonNode answer = putEvents(
                "{\"DetailType\":\"X\",\"Detail\":\"{}\"}",              // InvalidArgument
                entry(null, "supply", "X", "[1]"),                      // MalformedDetail
                entry("nope", "supply", "X", "{}"),                     // ResourceNotFoundException
                entry("custom-event-bus", "orders", "X", "{}"),         // InternalFailure
                entry(null, "supply", "X", "{}"),                       // delivered
                entry(null, "nobody-listens", "X", "{}"));              // unmatched, still accepted
        assertEquals(4, answer.get("FailedEntryCount").asInt());
        List<String> codes = new ArrayList<>();
        answer.get("Entries").forEach(e -> codes.add(e.has("ErrorCode") ? e.get("ErrorCode").asText() : "ok"));
        assertEquals(List.of("InvalidArgument", "MalformedDetail", "ResourceNotFoundException", "InternalFailure", "ok",
                "ok"), codes);
        assertEquals(List.of("null/X/InvalidArgument", "supply/X/MalformedDetail", "supply/X/ResourceNotFoundException"),
                listener.rejected);
        assertEquals(List.of("default/supply/X", "default/nobody-listens/X"), listener.accepted);
        assertEquals(List.of("default/nobody-listens/X"), listener.unmatched);
    }

    @Test
    void anUnknownOperationIsRefusedWholeInTheAwsJsonErrorShape() throws Exception {
        ApiResponse response = handle("AWSEvents.ListRules", "{}");
        assertEquals(400, response.status());
        assertEquals("UnknownOperationException", response.errorType());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(Set.of("__type", "message"), fieldNames(body));
        assertEquals("UnknownOperationException", body.get("__type").asText());
        assertEquals("Operation AWSEvents.ListRules is not supported: this endpoint supports AWSEvents.PutEvents",
                body.get("message").asText());
        assertTrue(sender.calls.isEmpty());
    }

    @Test
    void aMissingTargetIsAnUnknownOperation() throws Exception {
        for (String target : new String[] {null, " "}) {
            ApiResponse response = handle(target, "{\"Entries\":[" + entry(null, "supply", "X", "{}") + "]}");
            assertEquals(400, response.status());
            assertEquals("UnknownOperationException", response.errorType());
            JsonNode body = MAPPER.readTree(response.body());
            assertEquals("UnknownOperationException", body.get("__type").asText());
            assertEquals("Missing X-Amz-Target header: this endpoint speaks the AWSEvents JSON 1.1 protocol",
                    body.get("message").asText());
        }
        assertTrue(sender.calls.isEmpty());
    }

    @Test
    void aRequestRefusedWholeAnswersItsTypeAndStatusAndDeliversNothing() throws Exception {
        ApiResponse tooMany = handle("AWSEvents.PutEvents", "{\"Entries\":["
                + String.join(",", java.util.Collections.nCopies(11, entry(null, "supply", "X", "{}"))) + "]}");
        assertEquals(400, tooMany.status());
        assertEquals("ValidationException", tooMany.errorType());
        assertEquals("ValidationException", MAPPER.readTree(tooMany.body()).get("__type").asText());

        ApiResponse empty = handle("AWSEvents.PutEvents", "");
        assertEquals(400, empty.status());
        assertEquals("SerializationException", empty.errorType());
        assertTrue(sender.calls.isEmpty());
        assertTrue(listener.accepted.isEmpty() && listener.rejected.isEmpty());
    }

    @Test
    void anUnexpectedErrorIsAnsweredAsAnInternalExceptionRatherThanLeftHanging() throws Exception {
        sender.throwOnSend = true;
        CompletableFuture<ApiResponse> answer = bus.handle("AWSEvents.PutEvents",
                ("{\"Entries\":[" + entry(null, "supply", "X", "{}") + "]}").getBytes(StandardCharsets.UTF_8));
        ApiResponse response = answer.get(5, TimeUnit.SECONDS);
        assertEquals(500, response.status());
        assertEquals("InternalException", response.errorType());
        assertEquals("Internal error: sender broke before it could return a future",
                MAPPER.readTree(response.body()).get("message").asText());
    }

    @Test
    void everyAcceptedEventGoesToTheArchiveOnceMatchedOrNotAndNothingElseDoes() throws Exception {
        List<PutEventsRequest.Entry> archived = new ArrayList<>();
        EventBus archiving = new EventBus(new RuleMatcher(rules()), sender, listener, archived::addAll, MAPPER,
                "000000000000", "us-east-1");
        sender.failingQueues.add("audit-queue");
        ApiResponse response = archiving.handle("AWSEvents.PutEvents", ("{\"Entries\":["
                + String.join(",", entry(null, "supply", "Matched", "{}"), entry(null, "nobody-listens", "Unmatched", "{}"),
                        entry(null, "supply", "X", "[1]"), entry("nope", "supply", "X", "{}"),
                        entry("custom-event-bus", "orders", "Undeliverable", "{}")) + "]}")
                .getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        JsonNode answer = MAPPER.readTree(response.body());
        assertEquals(3, answer.get("FailedEntryCount").asInt());
        assertEquals(List.of("Matched", "Unmatched"), archived.stream().map(PutEventsRequest.Entry::detailType).toList());
        assertEquals(answer.get("Entries").get(0).get("EventId").asText(), archived.get(0).eventId());
        assertEquals("default", archived.get(1).bus());
    }

    @Test
    void aReplayedEventIsMatchedAndDeliveredAsItIsButNotArchivedNorCounted() throws Exception {
        List<PutEventsRequest.Entry> archived = new ArrayList<>();
        EventBus archiving = new EventBus(new RuleMatcher(rules()), sender, listener, archived::addAll, MAPPER,
                "000000000000", "us-east-1");
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree("{\"version\":\"0\",\"id\":\"e-1\","
                + "\"detail-type\":\"Order Created\",\"source\":\"orders\",\"account\":\"000000000000\","
                + "\"time\":\"2024-01-15T10:00:00Z\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"n\":1},"
                + "\"replay-name\":\"r-1\"}");
        var nobody = event.deepCopy().put("source", "nobody-listens");
        List<String> failures = archiving.redeliver("custom-event-bus", List.of(event, nobody)).get(5, TimeUnit.SECONDS);
        assertEquals(java.util.Arrays.asList(null, null), failures);
        // delivered as it is: same id, time, detail and replay-name
        assertEquals(event, MAPPER.readTree(sender.sent.get("order-queue").get(0)));
        assertEquals(1, sender.sent.get("audit-queue").size());
        assertTrue(archived.isEmpty());
        assertTrue(listener.accepted.isEmpty() && listener.unmatched.isEmpty() && listener.rejected.isEmpty());
    }

    @Test
    void aReplayedEventThatCannotBeDeliveredSaysWhy() throws Exception {
        sender.failingQueues.add("audit-queue");
        var event = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree("{\"id\":\"e-1\",\"source\":\"orders\","
                + "\"detail-type\":\"Order Created\",\"detail\":{}}");
        assertEquals(List.of("Delivery to queue audit-queue failed: queue audit-queue is down"),
                bus.redeliver("custom-event-bus", List.of(event)).get(5, TimeUnit.SECONDS));
        var unknown = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> bus.redeliver("nope", List.of(event)).get(5, TimeUnit.SECONDS));
        assertEquals("Event bus nope does not exist.", unknown.getCause().getMessage());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
