package io.signalbox.bus;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** PutEvents through the AWS SDK's EventBridgeClient against a running local Signalbox. */
class PutEventsIT {

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        // ingest stopped so the test reads the queue as a user with `aws sqs receive-message` would
        signalbox = SignalboxInstance.in(home).with("signalbox.ingest.queues", "").start();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void matchedEventArrivesInItsRuleQueueInEventBridgeShape() throws Exception {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(PutEventsRequestEntry.builder()
                .eventBusName("custom-event-bus").source("orders").detailType("Order Created")
                .detail("{\"order_id\":\"ORD-001\",\"total\":59.98}").build()));
        assertEquals(0, response.failedEntryCount());
        String id = response.entries().get(0).eventId();
        assertNotNull(id);

        List<Message> messages = signalbox.sqs().receiveMessage(b -> b.queueUrl(signalbox.queueUrl("order-queue"))
                .waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
        assertEquals(1, messages.size());
        JsonNode event = new ObjectMapper().readTree(messages.get(0).body());
        assertEquals(id, event.get("id").asText());
        assertEquals("0", event.get("version").asText());
        assertEquals("Order Created", event.get("detail-type").asText());
        assertEquals("orders", event.get("source").asText());
        assertEquals("ORD-001", event.get("detail").get("order_id").asText());
    }
}
