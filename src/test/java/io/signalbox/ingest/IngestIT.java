package io.signalbox.ingest;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest routes against real ElasticMQ: events the bus routes are taken in and deleted, a route
 * stopped over JMX leaves its messages on the queue, a message that is not an event is kept for redrive,
 * and health and metrics report it all.
 */
class IngestIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static EventCounters counters;

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).start();
        counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    private static Map<String, String> depth(String queue) {
        return signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue)).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
    }

    @Test
    void anEventTheBusRoutesIsTakenInAndDeleted() {
        double before = counters.count("signalbox.events.ingested", "queue", "workflow-queue", "source", "workflow",
                "detail_type", "Workflow Triggered");
        signalbox.events().putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus").source("workflow")
                .detailType("Workflow Triggered").detail("{\"workflow_id\":\"WF-1\",\"order_id\":\"ORD-1\"}")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(before + 1, counters.count(
                "signalbox.events.ingested", "queue", "workflow-queue", "source", "workflow",
                "detail_type", "Workflow Triggered")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(
                Map.of("ApproximateNumberOfMessages", "0", "ApproximateNumberOfMessagesNotVisible", "0"),
                depth("workflow-queue")));
    }

    @Test
    void withItsRouteStoppedOverJmxTheMessageStaysOnTheQueue() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(
                new ObjectName("org.apache.camel:context=*,type=routes,name=\"ingest-notification-queue\""), null);
        assertEquals(1, names.size());
        ObjectName route = names.iterator().next();
        jmx.invoke(route, "stop", null, null);
        try {
            assertEquals("Stopped", jmx.getAttribute(route, "State"));
            String id = signalbox.events().putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus")
                    .source("notifications").detailType("Notification Sent").detail("{\"message\":\"m\"}")))
                    .entries().get(0).eventId();
            List<Message> messages = signalbox.sqs().receiveMessage(b -> b.queueUrl(signalbox.queueUrl("notification-queue"))
                    .waitTimeSeconds(5).visibilityTimeout(0)).messages();
            assertEquals(1, messages.size());
            JsonNode event = MAPPER.readTree(messages.get(0).body());
            assertEquals(id, event.get("id").asText());
        } finally {
            jmx.invoke(route, "start", null, null);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("0",
                depth("notification-queue").get("ApproximateNumberOfMessages")));
    }

    @Test
    void aMessageThatIsNotAnEventIsCountedAndNotDeleted() {
        String url = signalbox.queueUrl("inventory-queue");
        double before = counters.count("signalbox.events.ingest.failed", "queue", "inventory-queue");
        signalbox.sqs().sendMessage(b -> b.queueUrl(url).messageBody("not json"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(
                counters.count("signalbox.events.ingest.failed", "queue", "inventory-queue") > before));
        // received and failed, so not deleted: it waits out its visibility timeout for redelivery (and redrive)
        assertEquals("1", depth("inventory-queue").get("ApproximateNumberOfMessagesNotVisible"));
    }

    @Test
    void healthReportsQueueDepthsAndMetricsCountEvents() throws Exception {
        signalbox.events().putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus").source("orders")
                .detailType("Order Created").detail("{\"order_id\":\"ORD-5\"}")));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/observe/health?data=true"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        JsonNode queues = null;
        for (JsonNode check : MAPPER.readTree(health.body()).get("checks")) {
            if (check.get("name").asText().equals("queues")) {
                queues = check;
            }
        }
        assertTrue(queues != null, health.body());
        assertEquals("UP", queues.get("status").asText());
        assertTrue(queues.get("data").has("order-queue.depth"), queues.toString());
        assertEquals("order-dlq", queues.get("data").get("order-queue.dlq").asText());
        assertTrue(queues.get("data").has("order-queue.dlq.depth"), queues.toString());
        assertTrue(queues.get("message").asText().contains("order-queue "), queues.toString());

        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/observe/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(metrics.body().lines().anyMatch(l -> l.startsWith("signalbox_events_accepted_total{")
                && l.contains("bus=\"custom-event-bus\"") && l.contains("source=\"orders\"")
                && l.contains("detail_type=\"Order Created\"")), metrics.body());
    }
}
