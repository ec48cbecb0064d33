package io.signalbox.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ingest routes delete what they took in, in batches ({@link BatchDeleter}), and only that: against the
 * embedded ElasticMQ, events that reached {@code direct:events-in} leave their queue, and so does a message
 * that is not an event, once the dead-letter channel has put it on the DLQ.
 */
class IngestDeletesIT {

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).start();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void ingestedEventsAreDeletedAndAMessageThatIsNoEventMovesToTheDlq() {
        EventCounters counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        String url = signalbox.queueUrl("inventory-queue");
        signalbox.sqs().sendMessage(b -> b.queueUrl(url).messageBody("not an event"));
        // 25 events: more than one receive, more than one DeleteMessageBatch
        for (int batch = 0; batch < 3; batch++) {
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < (batch < 2 ? 10 : 5); i++) {
                entries.add(PutEventsRequestEntry.builder().eventBusName("custom-event-bus").source("inventory")
                        .detailType("Inventory Updated").detail("{\"item_id\":\"ITEM-" + batch + "-" + i + "\",\"quantity\":1,\"action\":\"restock\"}").build());
            }
            assertEquals(0, signalbox.events().putEvents(b -> b.entries(entries)).failedEntryCount());
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(25.0, counters.count("signalbox.events.ingested", "queue", "inventory-queue"));
            assertEquals(1.0, counters.count("signalbox.events.ingest.failed", "queue", "inventory-queue"));
        });
        // nothing is left on the queue, visible or in flight; the message that is not an event is on the DLQ
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<QueueAttributeName, String> attributes = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            assertEquals("0", attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
        });
        String dlq = signalbox.queueUrl("inventory-dlq");
        assertEquals("1", signalbox.sqs().getQueueAttributes(b -> b.queueUrl(dlq)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
