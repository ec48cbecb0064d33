package io.signalbox.bus;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutEvents through the AWS SDK's EventBridgeClient (and raw HTTP for what the SDK will not send) against a
 * running local Signalbox with real ElasticMQ. Ingest is off, so the queues are read as a user would read
 * them with `aws sqs receive-message`. Signalbox answers an entry only once its queues have acknowledged
 * it, so what was delivered is on the queue when the call returns: the queues are read without waiting.
 */
class PutEventsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> QUEUES = List.of("order-queue", "inventory-queue", "notification-queue",
            "workflow-queue", "supply-chain-queue");
    private static final String CUSTOM = "custom-event-bus";

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static EventCounters counters;

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home).with("signalbox.ingest.queues", "");
        // one more rule, disabled, whose target queue exists: it must deliver nothing
        Path rules = signalbox.configDir().resolve("rules.yaml");
        Files.writeString(rules, Files.readString(rules) + """

                  - name: audit-rule-switched-off
                    state: DISABLED
                    event-pattern:
                      source: [audit]
                    targets:
                      - queue: notification-queue
                """);
        signalbox.start();
        counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    /** Every test leaves the queues as it found them: empty. */
    @AfterEach
    void queuesAreEmpty() {
        QUEUES.forEach(PutEventsIT::drain);
    }

    private static PutEventsRequestEntry entry(String bus, String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(detailType).detail(detail)
                .build();
    }

    /** Every message now on {@code queue}, removed from it, as JSON. */
    private static List<JsonNode> drain(String queue) {
        return signalbox.drainJson(queue);
    }

    private static Map<String, Integer> depths() {
        Map<String, Integer> depths = new java.util.LinkedHashMap<>();
        for (String queue : QUEUES) {
            Map<String, String> a = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue))
                    .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings();
            depths.put(queue, Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                    + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible")));
        }
        return depths;
    }

    private static Map<String, Integer> noMessages() {
        Map<String, Integer> none = new java.util.LinkedHashMap<>();
        QUEUES.forEach(q -> none.put(q, 0));
        return none;
    }

    @Test
    void eachSeedEventArrivesInItsRulesQueueInEventBridgeShape() {
        String orderDetail = "{\"order_id\":\"ORD-001\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\","
                + "\"quantity\":2,\"price\":29.99}],\"total\":59.98}";
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry(CUSTOM, "orders", "Order Created", orderDetail),
                entry("arn:aws:events:us-east-1:000000000000:event-bus/custom-event-bus", "inventory",
                        "Inventory Updated", "{\"item_id\":\"ITEM-001\",\"quantity\":100,\"action\":\"restock\"}"),
                entry(CUSTOM, "notifications", "Notification Sent", "{\"message\":\"hi\"}"),
                entry(CUSTOM, "workflow", "Workflow Triggered", "{\"workflow_id\":\"WF-001\"}"),
                PutEventsRequestEntry.builder().source("supply-chain.inventory").detailType("Inventory Update")
                        .detail("{\"sku\":\"SKU-001\",\"quantity_change\":100}")
                        .time(Instant.parse("2024-01-15T10:00:00Z"))
                        .resources("arn:aws:dynamodb:us-east-1:000000000000:table/inventory").build(),
                entry(CUSTOM, "orders", "Order Completed", "{\"order_id\":\"ORD-001\"}")));
        assertEquals(0, response.failedEntryCount());
        List<String> ids = response.entries().stream().map(PutEventsResultEntry::eventId).toList();

        String[] queues = {"order-queue", "inventory-queue", "notification-queue", "workflow-queue", "supply-chain-queue"};
        String[] sources = {"orders", "inventory", "notifications", "workflow", "supply-chain.inventory"};
        String[] types = {"Order Created", "Inventory Updated", "Notification Sent", "Workflow Triggered",
                "Inventory Update"};
        Map<String, List<JsonNode>> delivered = new java.util.HashMap<>();
        for (String queue : queues) {
            delivered.put(queue, drain(queue));
        }
        assertEquals(2, delivered.get("order-queue").size(), "Order Created and Order Completed");
        for (int i = 0; i < queues.length; i++) {
            JsonNode event = delivered.get(queues[i]).get(0);
            assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources",
                    "detail"), fieldNames(event), queues[i]);
            assertEquals("0", event.get("version").asText());
            assertEquals(ids.get(i), event.get("id").asText());
            assertEquals(types[i], event.get("detail-type").asText());
            assertEquals(sources[i], event.get("source").asText());
            assertEquals("000000000000", event.get("account").asText());
            assertEquals("us-east-1", event.get("region").asText());
            assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), event.toString());
            assertTrue(event.get("resources").isArray());
            assertTrue(event.get("detail").isObject());
        }
        assertEquals(read(orderDetail), delivered.get("order-queue").get(0).get("detail"));
        assertEquals(ids.get(5), delivered.get("order-queue").get(1).get("id").asText());
        assertEquals("Order Completed", delivered.get("order-queue").get(1).get("detail-type").asText());
        JsonNode supply = delivered.get("supply-chain-queue").get(0);
        assertEquals("2024-01-15T10:00:00Z", supply.get("time").asText());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/inventory", supply.get("resources").get(0).asText());
    }

    @Test
    void anEventNoRuleMatchesReachesNoQueueAndIsCountedAsUnmatched() {
        double wrongType = counters.count("signalbox.events.unmatched", "bus", CUSTOM, "source", "orders",
                "detail_type", "Order Shipped");
        double wrongBus = counters.count("signalbox.events.unmatched", "bus", "default", "source", "orders",
                "detail_type", "Order Created");
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry(CUSTOM, "orders", "Order Shipped", "{\"order_id\":\"ORD-9\"}"),
                entry(null, "orders", "Order Created", "{\"order_id\":\"ORD-9\"}")));
        // not an error: EventBridge accepts events no rule wants
        assertEquals(0, response.failedEntryCount());
        assertTrue(response.entries().stream().allMatch(e -> e.eventId() != null));
        assertEquals(wrongType + 1, counters.count("signalbox.events.unmatched", "bus", CUSTOM, "source", "orders",
                "detail_type", "Order Shipped"));
        assertEquals(wrongBus + 1, counters.count("signalbox.events.unmatched", "bus", "default", "source", "orders",
                "detail_type", "Order Created"));
        assertEquals(noMessages(), depths());
    }

    @Test
    void aDisabledRuleDeliversNothing() {
        double unmatched = counters.count("signalbox.events.unmatched", "bus", "default", "source", "audit",
                "detail_type", "Something Happened");
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry(null, "audit", "Something Happened", "{}")));
        assertEquals(0, response.failedEntryCount());
        assertEquals(noMessages(), depths());
        assertEquals(unmatched + 1, counters.count("signalbox.events.unmatched", "bus", "default", "source", "audit",
                "detail_type", "Something Happened"));
    }

    @Test
    void invalidEntriesFailAloneWhileTheValidOnesGoThrough() {
        double rejected = counters.count("signalbox.events.rejected", "source", "orders", "detail_type", "Order Created",
                "error_code", "MalformedDetail");
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().eventBusName(CUSTOM).detailType("Order Created").detail("{}").build(),
                entry(CUSTOM, "orders", "Order Completed", "{\"order_id\":\"ORD-2\"}"),
                entry(CUSTOM, "orders", "Order Created", "not json"),
                entry("no-such-bus", "orders", "Order Created", "{}"),
                entry(CUSTOM, "orders", "Order Created", "{\"blob\":\"" + "x".repeat(262144) + "\"}"),
                entry(CUSTOM, "inventory", "Inventory Updated", "[1]"),
                entry(CUSTOM, "workflow", "Workflow Triggered", "{\"workflow_id\":\"WF-2\"}")));
        assertEquals(5, response.failedEntryCount());
        List<PutEventsResultEntry> entries = response.entries();
        assertEquals(7, entries.size());
        assertEquals("InvalidArgument", entries.get(0).errorCode());
        assertEquals("Parameter Source is not valid. Reason: Source is a required argument.", entries.get(0).errorMessage());
        assertNull(entries.get(0).eventId());
        assertNull(entries.get(1).errorCode());
        assertEquals("MalformedDetail", entries.get(2).errorCode());
        assertEquals("ResourceNotFoundException", entries.get(3).errorCode());
        assertEquals("Event bus no-such-bus does not exist.", entries.get(3).errorMessage());
        assertEquals("EntryTooLarge", entries.get(4).errorCode());
        assertEquals("MalformedDetail", entries.get(5).errorCode());
        assertNull(entries.get(6).errorCode());

        List<JsonNode> orders = drain("order-queue");
        assertEquals(1, orders.size());
        assertEquals(entries.get(1).eventId(), orders.get(0).get("id").asText());
        List<JsonNode> workflows = drain("workflow-queue");
        assertEquals(1, workflows.size());
        assertEquals(entries.get(6).eventId(), workflows.get(0).get("id").asText());
        assertEquals(noMessages(), depths());
        assertEquals(rejected + 1, counters.count("signalbox.events.rejected", "source", "orders",
                "detail_type", "Order Created", "error_code", "MalformedDetail"));
    }

    @Test
    void theSdkSeesARequestRefusedWholeAsEventBridgesError() {
        List<PutEventsRequestEntry> eleven = Collections.nCopies(11, entry(CUSTOM, "orders", "Order Created", "{}"));
        EventBridgeException e = assertThrows(EventBridgeException.class,
                () -> signalbox.events().putEvents(b -> b.entries(eleven)));
        assertEquals(400, e.statusCode());
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("less than or equal to 10"), e.getMessage());
        assertEquals(noMessages(), depths());
    }

    @Test
    void requestsEventBridgeRefusesWholeAreRefusedWithItsErrorTypeAndStatus() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String one = "{\"EventBusName\":\"custom-event-bus\",\"Source\":\"orders\",\"DetailType\":\"Order Created\","
                + "\"Detail\":\"{}\"}";
        String eleven = "{\"Entries\":[" + String.join(",", Collections.nCopies(11, one)) + "]}";
        assertRefused(http, "AWSEvents.PutEvents", eleven, "ValidationException");
        assertRefused(http, "AWSEvents.PutEvents", "{\"Entries\":[]}", "ValidationException");
        assertRefused(http, "AWSEvents.PutEvents", "{\"Entries\":[" + one, "SerializationException");
        assertRefused(http, "AWSEvents.PutEvents", "{\"Entries\":[" + one + "]} and more", "SerializationException");
        assertRefused(http, "AWSEvents.PutRule", "{\"Entries\":[" + one + "]}", "UnknownOperationException");
        assertRefused(http, null, "{\"Entries\":[" + one + "]}", "UnknownOperationException");
        // none of them delivered anything, though every entry in them would match order-events-rule
        assertEquals(noMessages(), depths());
    }

    @Test
    void anEntryWithATimeNoTimestampCanHoldIsAnsweredAndRefusedAlone() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = post(http, "AWSEvents.PutEvents", "{\"Entries\":["
                + "{\"EventBusName\":\"custom-event-bus\",\"Source\":\"orders\",\"DetailType\":\"Order Created\","
                + "\"Detail\":\"{}\",\"Time\":1e30},"
                + "{\"EventBusName\":\"custom-event-bus\",\"Source\":\"orders\",\"DetailType\":\"Order Created\","
                + "\"Detail\":\"{}\"}]}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = read(response.body());
        assertEquals(1, answer.get("FailedEntryCount").asInt());
        assertEquals("InvalidArgument", answer.get("Entries").get(0).get("ErrorCode").asText());
        String id = answer.get("Entries").get(1).get("EventId").asText();
        List<JsonNode> orders = drain("order-queue");
        assertEquals(1, orders.size());
        assertEquals(id, orders.get(0).get("id").asText());
    }

    private static HttpResponse<String> post(HttpClient http, String target, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(signalbox.httpEndpoint()).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(HttpClient http, String target, String body, String type) throws Exception {
        HttpResponse<String> response = post(http, target, body);
        assertEquals(400, response.statusCode(), response.body());
        JsonNode json = read(response.body());
        assertEquals(type, json.get("__type").asText(), response.body());
        assertTrue(json.get("message").asText().length() > 0, response.body());
        assertEquals(type, response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertEquals("application/x-amz-json-1.1", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.headers().firstValue("X-Amz-Target").isEmpty(), "request headers are not echoed");
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
