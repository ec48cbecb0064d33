package io.signalbox.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.OutgoingEvent;
import io.signalbox.routing.RouterRoutes;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/** Route events-publish against the real bus and ElasticMQ: a published event reaches its rule's queue. */
class PublishIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home);
        // a rule and a queue nobody consumes, so the test reads what the bus delivered
        Path rules = signalbox.configDir().resolve("rules.yaml");
        Files.writeString(rules, Files.readString(rules).replace("rules:\n", """
                rules:
                  - name: published-test-rule
                    event-bus-name: custom-event-bus
                    state: ENABLED
                    event-pattern:
                      source: [test.publish]
                    targets:
                      - queue: published-test
                """));
        Path resources = signalbox.configDir().resolve("resources.yaml");
        Files.writeString(resources, Files.readString(resources).replace("queues:\n",
                "queues:\n  - name: published-test\n    visibility-timeout-seconds: 30\n"));
        signalbox.start();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void publishedEventReachesItsRuleQueueWithTheCausingEventsCorrelation() throws Exception {
        ObjectNode detail = JSON.createObjectNode().put("order_id", "ORD-P1");
        ProducerTemplate producer = signalbox.context().createProducerTemplate();
        Exchange done = producer.send("direct:events-publish", exchange -> {
            exchange.setProperty(RouterRoutes.CORRELATION_ID, "corr-1");
            exchange.setProperty(RouterRoutes.CAUSATION_ID, "cause-1");
            exchange.getMessage().setBody(new OutgoingEvent("custom-event-bus", "test.publish", "Test Published", detail));
        });
        assertEquals(null, done.getException());
        String id = done.getMessage().getHeader(PublishRoutes.EVENT_ID, String.class);
        assertNotNull(id);

        AtomicReference<List<Message>> received = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            received.set(signalbox.sqs().receiveMessage(r -> r.queueUrl(signalbox.queueUrl("published-test"))
                    .waitTimeSeconds(1)).messages());
            return !received.get().isEmpty();
        });
        JsonNode event = JSON.readTree(received.get().get(0).body());
        assertEquals(id, event.path("id").asText());
        assertEquals("Test Published", event.path("detail-type").asText());
        assertEquals("test.publish", event.path("source").asText());
        assertEquals("ORD-P1", event.path("detail").path("order_id").asText());
        assertEquals("corr-1", event.path("detail").path("correlation_id").asText());
        assertEquals("cause-1", event.path("detail").path("causation_id").asText());
    }

    @Test
    void anEventOnAnUnknownBusFailsTheCaller() {
        ProducerTemplate producer = signalbox.context().createProducerTemplate();
        Exchange done = producer.send("direct:events-publish", exchange -> exchange.getMessage().setBody(
                new OutgoingEvent("no-such-bus", "test.publish", "Test Published", JSON.createObjectNode())));
        assertInstanceOf(IllegalArgumentException.class, done.getException());
        assertTrue(done.getException().getMessage().contains("no-such-bus"), done.getException().getMessage());
    }

    @Test
    void anEventWithoutABusGoesOnTheDefaultBus() {
        ProducerTemplate producer = signalbox.context().createProducerTemplate();
        // the default bus has no rule for this source: accepted and counted as unmatched, not an error
        Exchange done = producer.send("direct:events-publish", exchange -> exchange.getMessage().setBody(
                new OutgoingEvent(null, "test.nobody", "Test Published", JSON.createObjectNode())));
        assertEquals(null, done.getException());
        assertNotNull(done.getMessage().getHeader(PublishRoutes.EVENT_ID));
    }
}
