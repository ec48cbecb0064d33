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
import io.signalbox.deadletter.DeadLetterAttributes;
import io.signalbox.events.InvalidEventException;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingest routes and the operations endpoints against a running local Signalbox with ingest on (every seed
 * queue) and real ElasticMQ: an event the bus routes to order-queue is taken in by {@code ingest-order-queue},
 * reaches {@code direct:events-in} and is deleted; with that route stopped over JMX the message stays on the
 * queue; a message that is not an event is never deleted (it is redriven to the DLQ); health reports queue
 * depths and metrics count events. Each test starts and ends with order-queue empty.
 */
class IngestIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ROUTE = "ingest-order-queue";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The rest of a valid order (handler-order-created refuses an invalid one to order-dlq). */
    private static final String LINES = "\"customer_id\":\"CUST-1\",\"items\":[{\"item_id\":\"ITEM-1\",\"quantity\":1,"
            + "\"price\":1}],\"total\":1";

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

    @BeforeEach
    void orderQueueIsEmpty() {
        awaitEmpty("order-queue");
    }

    /** Visible plus in-flight messages. */
    private static int messages(String queue) {
        Map<QueueAttributeName, String> a = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void awaitEmpty(String queue) {
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(0, messages(queue), queue));
    }

    private static double ingested(String source, String detailType) {
        return counters.count("signalbox.events.ingested", "queue", "order-queue", "source", source,
                "detail_type", detailType);
    }

    private static double failed() {
        return counters.count("signalbox.events.ingest.failed", "queue", "order-queue");
    }

    private static long completedByEventsIn() {
        ManagedRouteMBean route = signalbox.context().getCamelContextExtension()
                .getContextPlugin(ManagedCamelContext.class).getManagedRoute("routing-router");
        return route.getExchangesCompleted();
    }

    private static String putOrderCreated(String detail) {
        var response = signalbox.events().putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus")
                .source("orders").detailType("Order Created").detail(detail)));
        assertEquals(0, response.failedEntryCount());
        return response.entries().get(0).eventId();
    }

    @Test
    void anEventRoutedToOrderQueueIsTakenInHandedToEventsInAndDeleted() {
        double before = ingested("orders", "Order Created");
        long eventsIn = completedByEventsIn();
        putOrderCreated("{\"order_id\":\"ORD-1\",\"correlation_id\":\"corr-1\"," + LINES + "}");
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertEquals(before + 1, ingested("orders", "Order Created"));
            // at least: the stored order publishes a Notification Sent, which takes the router too
            assertTrue(completedByEventsIn() >= eventsIn + 1, "completed by events-in: " + completedByEventsIn());
        });
        // deleted only because the exchange that reached direct:events-in completed
        awaitEmpty("order-queue");
        assertEquals(before + 1, ingested("orders", "Order Created"), "taken in once");
    }

    @Test
    void withItsRouteStoppedOverJmxTheMessageStaysOnTheQueue() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = jmx.queryNames(
                new ObjectName("org.apache.camel:context=*,type=routes,name=\"" + ROUTE + "\""), null);
        assertEquals(1, names.size(), names.toString());
        ObjectName route = names.iterator().next();
        double before = ingested("orders", "Order Created");
        jmx.invoke(route, "stop", null, null);
        try {
            assertEquals("Stopped", jmx.getAttribute(route, "State"));
            String id = putOrderCreated("{\"order_id\":\"ORD-2\"," + LINES + "}");
            String url = signalbox.queueUrl("order-queue");
            // as `aws sqs receive-message` would, leaving it visible for the route once it runs again
            List<Message> messages = signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(2).visibilityTimeout(0)).messages();
            assertEquals(1, messages.size());
            assertEquals(id, MAPPER.readTree(messages.get(0).body()).get("id").asText());
            assertEquals(before, ingested("orders", "Order Created"), "nothing taken in while stopped");
        } finally {
            jmx.invoke(route, "start", null, null);
        }
        assertEquals("Started", jmx.getAttribute(route, "State"));
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(before + 1, ingested("orders", "Order Created")));
        awaitEmpty("order-queue");
    }

    @Test
    void aMessageThatIsNotAnEventGoesToTheDlqAtOnceWithTheReason() {
        String url = signalbox.queueUrl("order-queue");
        String dlq = signalbox.queueUrl("order-dlq");
        double before = failed();
        signalbox.sqs().sendMessage(b -> b.queueUrl(url).messageBody("not json"));
        List<Message> dead = new java.util.ArrayList<>();
        await().atMost(PATIENCE).until(() -> {
            dead.addAll(signalbox.sqs().receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1).messageAttributeNames("All"))
                    .messages());
            return !dead.isEmpty();
        });
        assertEquals(1, dead.size());
        assertEquals("not json", dead.get(0).body());
        var attributes = dead.get(0).messageAttributes();
        assertEquals(InvalidEventException.class.getName(), attributes.get(DeadLetterAttributes.ERROR_CLASS).stringValue());
        assertTrue(attributes.get(DeadLetterAttributes.ERROR_MESSAGE).stringValue().startsWith("Message is not valid JSON"),
                attributes.toString());
        assertEquals("1", attributes.get(DeadLetterAttributes.ATTEMPTS).stringValue(), "no retry can fix it");
        assertEquals("ingest-order-queue", attributes.get(DeadLetterAttributes.ERROR_ROUTE).stringValue());
        assertEquals(before + 1, failed(), "counted once");
        awaitEmpty("order-queue");
        signalbox.sqs().deleteMessage(b -> b.queueUrl(dlq).receiptHandle(dead.get(0).receiptHandle()));
    }

    @Test
    void healthReportsEachQueueWithItsDepthAndItsDlqsDepth() throws Exception {
        // the DLQ is not ingested: a message put there stays, and health must count it
        String dlq = signalbox.queueUrl("order-dlq");
        signalbox.sqs().sendMessage(b -> b.queueUrl(dlq).messageBody("{\"dead\":true}"));
        try {
            HttpResponse<String> health = get("/observe/health?data=true");
            assertEquals(200, health.statusCode(), health.body());
            JsonNode body = MAPPER.readTree(health.body());
            assertEquals("UP", body.get("status").asText(), health.body());
            JsonNode queues = null;
            for (JsonNode check : body.get("checks")) {
                if (check.get("name").asText().equals("queues")) {
                    queues = check;
                }
            }
            assertNotNull(queues, health.body());
            assertEquals("UP", queues.get("status").asText());
            JsonNode data = queues.get("data");
            for (String queue : List.of("order-queue", "inventory-queue", "notification-queue", "workflow-queue",
                    "supply-chain-queue")) {
                assertTrue(data.has(queue + ".depth") && data.has(queue + ".dlq.depth"), queue + " in " + queues);
            }
            assertEquals(0, data.get("order-queue.depth").asInt(), queues.toString());
            assertEquals("order-dlq", data.get("order-queue.dlq").asText());
            assertEquals(1, data.get("order-queue.dlq.depth").asInt(), queues.toString());
            assertTrue(queues.get("message").asText().contains("order-queue 0 (order-dlq 1)"), queues.toString());
        } finally {
            signalbox.sqs().purgeQueue(b -> b.queueUrl(dlq));
        }
    }

    @Test
    void metricsCountAcceptedEventsBySourceAndDetailType() throws Exception {
        putOrderCreated("{\"order_id\":\"ORD-3\"," + LINES + "}");
        double accepted = counters.count("signalbox.events.accepted", "bus", "custom-event-bus", "source", "orders",
                "detail_type", "Order Created");
        assertTrue(accepted >= 1);
        HttpResponse<String> metrics = get("/observe/metrics");
        assertEquals(200, metrics.statusCode());
        String line = metrics.body().lines().filter(l -> l.startsWith("signalbox_events_accepted_total{")
                && l.contains("bus=\"custom-event-bus\"") && l.contains("source=\"orders\"")
                && l.contains("detail_type=\"Order Created\"")).findFirst()
                .orElseThrow(() -> new AssertionError("no accepted counter for orders/Order Created in\n" + metrics.body()));
        assertEquals(accepted, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
        // and the ingest side, once the route has taken the event in
        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(get("/observe/metrics").body().lines().anyMatch(
                l -> l.startsWith("signalbox_events_ingested_total{") && l.contains("queue=\"order-queue\"")
                        && l.contains("source=\"orders\""))));
        awaitEmpty("order-queue");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve(path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
