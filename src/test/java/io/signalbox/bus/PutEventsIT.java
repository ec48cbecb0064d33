package io.signalbox.bus;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutEvents through the AWS SDK's EventBridgeClient (and raw HTTP for what the SDK will not send) against a
 * running local Signalbox with real ElasticMQ. Ingest is off, so the queues are read as a user would read
 * them with `aws sqs receive-message`.
 */
class PutEventsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;

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
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    private static PutEventsRequestEntry entry(String bus, String source, String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(detailType).detail(detail)
                .build();
    }

    /** Every message now on {@code queue}, removed from it. */
    private static List<JsonNode> drain(String queue) throws Exception {
        String url = signalbox.queueUrl(queue);
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            List<Message> batch = signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                return events;
            }
            for (Message m : batch) {
                events.add(MAPPER.readTree(m.body()));
                signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Test
    void eachSeedEventArrivesInItsRuleQueueInEventBridgeShape() throws Exception {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry("custom-event-bus", "orders", "Order Created",
                        "{\"order_id\":\"ORD-001\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\","
                                + "\"quantity\":2,\"price\":29.99}],\"total\":59.98}"),
                entry("arn:aws:events:us-east-1:000000000000:event-bus/custom-event-bus", "inventory",
                        "Inventory Updated", "{\"item_id\":\"ITEM-001\",\"quantity\":100,\"action\":\"restock\"}"),
                entry("custom-event-bus", "notifications", "Notification Sent", "{\"message\":\"hi\"}"),
                entry("custom-event-bus", "workflow", "Workflow Triggered", "{\"workflow_id\":\"WF-001\"}"),
                entry(null, "supply-chain.inventory", "Inventory Update", "{\"sku\":\"SKU-001\",\"quantity_change\":100}")));
        assertEquals(0, response.failedEntryCount());
        String[] queues = {"order-queue", "inventory-queue", "notification-queue", "workflow-queue", "supply-chain-queue"};
        String[] types = {"Order Created", "Inventory Updated", "Notification Sent", "Workflow Triggered", "Inventory Update"};
        for (int i = 0; i < queues.length; i++) {
            List<JsonNode> events = drain(queues[i]);
            assertEquals(1, events.size(), queues[i]);
            JsonNode event = events.get(0);
            assertEquals(response.entries().get(i).eventId(), event.get("id").asText());
            assertEquals(types[i], event.get("detail-type").asText());
            assertEquals("0", event.get("version").asText());
            assertEquals("000000000000", event.get("account").asText());
            assertEquals("us-east-1", event.get("region").asText());
            assertTrue(event.get("resources").isArray());
            assertTrue(event.get("detail").isObject());
            assertNotNull(event.get("time").asText());
        }
    }

    @Test
    void anEventNoRuleMatchesReachesNoQueueAndIsCounted() throws Exception {
        EventCounters counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        double before = counters.count("signalbox.events.unmatched", "source", "orders", "detail_type", "Order Shipped");
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry("custom-event-bus", "orders", "Order Shipped", "{\"order_id\":\"ORD-9\"}")));
        assertEquals(0, response.failedEntryCount());
        assertEquals(before + 1,
                counters.count("signalbox.events.unmatched", "source", "orders", "detail_type", "Order Shipped"));
        assertTrue(drain("order-queue").isEmpty());
    }

    @Test
    void aDisabledRuleDeliversNothing() throws Exception {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                entry(null, "audit", "Something Happened", "{}")));
        assertEquals(0, response.failedEntryCount());
        assertTrue(drain("notification-queue").isEmpty());
    }

    @Test
    void invalidEntriesFailAloneWhileTheValidOnesGoThrough() throws Exception {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().detailType("Order Created").detail("{}").build(),
                entry("custom-event-bus", "orders", "Order Completed", "{\"order_id\":\"ORD-2\"}"),
                entry("custom-event-bus", "orders", "Order Created", "not json"),
                entry("no-such-bus", "orders", "Order Created", "{}")));
        assertEquals(3, response.failedEntryCount());
        List<PutEventsResultEntry> entries = response.entries();
        assertEquals("InvalidArgument", entries.get(0).errorCode());
        assertTrue(entries.get(0).errorMessage().contains("Source"));
        assertNull(entries.get(1).errorCode());
        assertEquals("MalformedDetail", entries.get(2).errorCode());
        assertEquals("ResourceNotFoundException", entries.get(3).errorCode());
        List<JsonNode> delivered = drain("order-queue");
        assertEquals(1, delivered.size());
        assertEquals(entries.get(1).eventId(), delivered.get(0).get("id").asText());
    }

    @Test
    void requestsEventBridgeRefusesWholeAreRefusedWithItsErrorTypeAndStatus() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String one = "{\"Source\":\"orders\",\"DetailType\":\"X\",\"Detail\":\"{}\"}";
        String eleven = "{\"Entries\":[" + String.join(",", java.util.Collections.nCopies(11, one)) + "]}";
        assertRefused(http, "AWSEvents.PutEvents", eleven, "ValidationException");
        assertRefused(http, "AWSEvents.PutEvents", "{\"Entries\":[", "SerializationException");
        assertRefused(http, "AWSEvents.PutRule", "{}", "UnknownOperationException");
    }

    private static void assertRefused(HttpClient http, String target, String body, String type) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint())
                .header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(type, MAPPER.readTree(response.body()).get("__type").asText());
        assertEquals(type, response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertTrue(response.headers().firstValue("X-Amz-Target").isEmpty(), "request headers are not echoed");
    }
}
