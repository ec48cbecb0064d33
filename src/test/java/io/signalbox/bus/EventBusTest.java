package io.signalbox.bus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleMatcher;
import io.signalbox.rules.RuleSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bus with a fake {@link QueueSender} (an in-memory recorder, not a server) and a recording listener:
 * matching, fan-out, error answers. The real SQS path is covered by PutEventsIT.
 */
class EventBusTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Records what would be sent; fails queues named in {@code failing}. */
    static final class FakeSender implements QueueSender {
        final Map<String, List<String>> sent = new ConcurrentHashMap<>();
        final Set<String> failing = ConcurrentHashMap.newKeySet();

        @Override
        public CompletableFuture<Set<Integer>> send(String queue, List<String> bodies) {
            if (failing.contains(queue)) {
                return CompletableFuture.failedFuture(new IllegalStateException("queue " + queue + " is down"));
            }
            sent.computeIfAbsent(queue, q -> new ArrayList<>()).addAll(bodies);
            return CompletableFuture.completedFuture(Set.of());
        }
    }

    static final class Counts implements BusListener {
        final List<String> accepted = new ArrayList<>();
        final List<String> rejected = new ArrayList<>();
        final List<String> unmatched = new ArrayList<>();

        @Override
        public void accepted(String bus, String source, String detailType) {
            accepted.add(bus + "/" + source);
        }

        @Override
        public void rejected(String source, String detailType, String errorCode) {
            rejected.add(errorCode);
        }

        @Override
        public void unmatched(String bus, String source, String detailType) {
            unmatched.add(bus + "/" + source);
        }
    }

    private final FakeSender sender = new FakeSender();
    private final Counts counts = new Counts();
    private final EventBus bus = new EventBus(new RuleMatcher(rules()), sender, counts, MAPPER, "000000000000", "us-east-1");

    private static RuleSet rules() {
        JsonNode orders = MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add("orders"));
        JsonNode audit = MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add("orders"));
        return new RuleSet(List.of("custom-event-bus"), List.of(
                new Rule("orders-to-q", "custom-event-bus", null, "ENABLED", orders,
                        List.of(new Rule.Target(null, null, "order-queue"))),
                new Rule("orders-again-to-q", "custom-event-bus", null, "ENABLED", audit,
                        List.of(new Rule.Target(null, null, "order-queue"), new Rule.Target(null, null, "audit-queue"))),
                new Rule("supply", null, null, "ENABLED",
                        MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add("supply")),
                        List.of(new Rule.Target(null, "arn:aws:sqs:us-east-1:000000000000:supply-queue", null)))));
    }

    private JsonNode call(String target, String body) throws Exception {
        ApiResponse response = bus.handle(target, body.getBytes(StandardCharsets.UTF_8)).get();
        JsonNode json = MAPPER.readTree(response.body());
        if (response.status() != 200) {
            assertEquals(response.errorType(), json.get("__type").asText());
        }
        return json;
    }

    @Test
    void anEventMatchingTwoRulesReachesEachTargetQueueOnce() throws Exception {
        JsonNode answer = call("AWSEvents.PutEvents", "{\"Entries\":[{\"EventBusName\":\"custom-event-bus\","
                + "\"Source\":\"orders\",\"DetailType\":\"Order Created\",\"Detail\":\"{\\\"order_id\\\":\\\"1\\\"}\"}]}");
        assertEquals(0, answer.get("FailedEntryCount").asInt());
        String id = answer.get("Entries").get(0).get("EventId").asText();
        assertEquals(1, sender.sent.get("order-queue").size());
        assertEquals(1, sender.sent.get("audit-queue").size());
        JsonNode delivered = MAPPER.readTree(sender.sent.get("order-queue").get(0));
        assertEquals(id, delivered.get("id").asText());
        assertEquals(List.of("custom-event-bus/orders"), counts.accepted);
    }

    @Test
    void unmatchedEventsAreAcceptedAndCountedButGoNowhere() throws Exception {
        JsonNode answer = call("AWSEvents.PutEvents",
                "{\"Entries\":[{\"Source\":\"orders\",\"DetailType\":\"X\",\"Detail\":\"{}\"}]}");
        // the orders rules live on custom-event-bus, not on default
        assertEquals(0, answer.get("FailedEntryCount").asInt());
        assertTrue(sender.sent.isEmpty());
        assertEquals(List.of("default/orders"), counts.unmatched);
    }

    @Test
    void anUnknownBusIsAnErrorForItsEntryOnly() throws Exception {
        JsonNode answer = call("AWSEvents.PutEvents", "{\"Entries\":["
                + "{\"EventBusName\":\"nope\",\"Source\":\"supply\",\"DetailType\":\"X\",\"Detail\":\"{}\"},"
                + "{\"Source\":\"supply\",\"DetailType\":\"X\",\"Detail\":\"{}\"}]}");
        assertEquals(1, answer.get("FailedEntryCount").asInt());
        assertEquals("ResourceNotFoundException", answer.get("Entries").get(0).get("ErrorCode").asText());
        assertTrue(answer.get("Entries").get(0).get("ErrorMessage").asText().contains("nope"));
        assertNull(answer.get("Entries").get(0).get("EventId"));
        assertTrue(answer.get("Entries").get(1).has("EventId"));
        assertEquals(1, sender.sent.get("supply-queue").size());
        assertEquals(List.of("ResourceNotFoundException"), counts.rejected);
    }

    @Test
    void aFailedDeliveryFailsTheEntriesThatNeededItAndOnlyThose() throws Exception {
        sender.failing.add("audit-queue");
        JsonNode answer = call("AWSEvents.PutEvents", "{\"Entries\":["
                + "{\"EventBusName\":\"custom-event-bus\",\"Source\":\"orders\",\"DetailType\":\"X\",\"Detail\":\"{}\"},"
                + "{\"Source\":\"supply\",\"DetailType\":\"X\",\"Detail\":\"{}\"}]}");
        assertEquals(1, answer.get("FailedEntryCount").asInt());
        assertEquals("InternalFailure", answer.get("Entries").get(0).get("ErrorCode").asText());
        assertTrue(answer.get("Entries").get(0).get("ErrorMessage").asText().contains("audit-queue"));
        assertTrue(answer.get("Entries").get(1).has("EventId"));
        assertTrue(counts.accepted.contains("default/supply"));
        assertEquals(1, counts.accepted.size());
    }

    @Test
    void invalidEntriesAreCountedAsRejectedWithTheirCode() throws Exception {
        JsonNode answer = call("AWSEvents.PutEvents", "{\"Entries\":[{\"DetailType\":\"X\",\"Detail\":\"{}\"},"
                + "{\"Source\":\"supply\",\"DetailType\":\"X\",\"Detail\":\"1\"}]}");
        assertEquals(2, answer.get("FailedEntryCount").asInt());
        assertEquals(List.of("InvalidArgument", "MalformedDetail"), counts.rejected);
    }

    @Test
    void otherOperationsAndMissingTargetsAreUnknownOperations() throws Exception {
        ApiResponse other = bus.handle("AWSEvents.ListRules", "{}".getBytes(StandardCharsets.UTF_8)).get();
        assertEquals(400, other.status());
        assertEquals("UnknownOperationException", other.errorType());
        assertTrue(MAPPER.readTree(other.body()).get("message").asText().contains("AWSEvents.ListRules"));

        ApiResponse none = bus.handle(null, "{}".getBytes(StandardCharsets.UTF_8)).get();
        assertEquals(400, none.status());
        assertEquals("UnknownOperationException", none.errorType());
    }

    @Test
    void anEmptyBodyIsASerializationError() throws Exception {
        ApiResponse response = bus.handle("AWSEvents.PutEvents", new byte[0]).get();
        assertEquals(400, response.status());
        assertEquals("SerializationException", response.errorType());
    }
}
