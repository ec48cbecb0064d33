package io.signalbox.deadletter;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.signalbox.config.ResourceDeclarations;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DeadLetters} against the embedded ElasticMQ of a running Signalbox, with the messages put straight onto
 * the DLQs as the dead-letter channel or SQS redrive leaves them. The consumer route {@code ingest-order-queue} is
 * stopped (through the CamelContext's route controller) so that a replayed message can be seen sitting in
 * order-queue, except in the test where the replayed event is taken in as new. In memory: ElasticMQ's message store
 * is one per JVM (the first instance's), so a persistent instance would restore messages other test classes left
 * there. Every test starts with the DLQs and order-queue empty.
 */
class DeadLettersIT {

    private static final String ROUTE = "ingest-order-queue";
    /** Every DLQ declared in the repository's resources.yaml, in declaration order. */
    private static final List<String> DLQS = io.signalbox.config.ConfigFiles.read("config", "resources.yaml",
            io.signalbox.config.ResourceDeclarations.class).queues().stream()
            .map(io.signalbox.config.ResourceDeclarations.Queue::deadLetterQueue)
            .filter(java.util.Objects::nonNull).toList();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final int PEEK_MAX = 20;

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static DeadLetters deadLetters;
    static DlqFixture dlq;

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home).with("signalbox.in-memory", "true")
                .with("signalbox.ingest.queues", "order-queue")
                .with("signalbox.admin.dlq.peek-max", Integer.toString(PEEK_MAX)).start();
        deadLetters = signalbox.context().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
        dlq = new DlqFixture(signalbox);
        signalbox.context().getRouteController().stopRoute(ROUTE);
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @BeforeEach
    void queuesAreEmpty() {
        dlq.empty(DLQS.toArray(String[]::new));
        dlq.empty("order-queue");
    }

    @Test
    void listGivesEveryDlqWithItsSourceQueueAndBothDepths() {
        dlq.putMany("order-dlq", "order-queue", 3);
        dlq.putMany("inventory-dlq", "inventory-queue", 1);
        // one received by someone else: in flight
        String url = signalbox.queueUrl("order-dlq");
        List<Message> taken = signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1)
                .visibilityTimeout(60)).messages();
        assertEquals(1, taken.size());

        List<DeadLetters.QueueStatus> list = deadLetters.list();

        assertEquals(DLQS, list.stream().map(DeadLetters.QueueStatus::queue).toList());
        assertEquals(new DeadLetters.QueueStatus("order-dlq", List.of("order-queue"), 2, 1), list.get(0));
        assertEquals(new DeadLetters.QueueStatus("inventory-dlq", List.of("inventory-queue"), 1, 0), list.get(1));
        assertEquals(new DeadLetters.QueueStatus("supply-chain-dlq", List.of("supply-chain-queue"), 0, 0), list.get(4));
        signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(taken.get(0).receiptHandle()));
    }

    @Test
    void peekShowsEachMessageWithItsAttributesAndConsumesNothing() {
        Map<String, MessageAttributeValue> attributes = DlqFixture.channelAttributes("order-queue", "corr-7");
        Instant before = Instant.now().minusSeconds(1);
        String id = dlq.put("order-dlq", "{\"order_id\":\"ORD-7\"}", attributes);
        dlq.putMany("order-dlq", "order-queue", 2);

        DeadLetters.Peek peek = deadLetters.peek("order-dlq", 10);

        assertEquals("order-dlq", peek.queue());
        assertEquals(List.of("order-queue"), peek.sourceQueues());
        assertEquals(3, peek.messages().size());
        DeadLetters.DeadLetter m = peek.messages().stream().filter(d -> d.messageId().equals(id)).findFirst()
                .orElseThrow();
        assertEquals("{\"order_id\":\"ORD-7\"}", m.body());
        assertEquals(DlqFixture.strings(attributes), m.attributes());
        assertTrue(!m.sentTimestamp().isBefore(before) && !m.sentTimestamp().isAfter(Instant.now()), m.toString());
        assertTrue(m.approximateReceiveCount() >= 1, m.toString());
        assertEquals("order-queue", m.sourceQueue());
        // nothing consumed, nothing hidden: all three are still there and visible, and a second peek sees them
        assertEquals(3, dlq.visible("order-dlq"));
        assertEquals(0, dlq.inFlight("order-dlq"));
        assertEquals(ids(peek), ids(deadLetters.peek("order-dlq", 10)));
        assertEquals(2, deadLetters.peek("order-dlq", 2).messages().size());
    }

    @Test
    void peekGathersMoreThanOneReceiveWithoutDuplicatesAndCapsMax() {
        Set<String> put = new HashSet<>(dlq.putMany("order-dlq", "order-queue", 15));

        DeadLetters.Peek fifteen = deadLetters.peek("order-dlq", 15);
        assertEquals(15, fifteen.messages().size());
        assertEquals(put, ids(fifteen), "distinct messages, more than one receive's ten");

        dlq.putMany("order-dlq", "order-queue", 10);
        // 1000 asked, signalbox.admin.dlq.peek-max (20) given
        assertEquals(PEEK_MAX, deadLetters.peek("order-dlq", 1000).messages().size());
        assertEquals(25, dlq.visible("order-dlq"));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> deadLetters.peek("order-dlq", 0));
        assertEquals("max must be at least 1, not 0", zero.getMessage());
    }

    @Test
    void aRedrivenMessageWithoutAttributesIsShownWithTheQueueItWouldGoBackTo() {
        String id = dlq.put("workflow-dlq", "not json at all", Map.of());
        DeadLetters.DeadLetter m = deadLetters.peek("workflow-dlq", 10).messages().get(0);
        assertEquals(id, m.messageId());
        assertEquals(Map.of(), m.attributes());
        assertEquals("workflow-queue", m.sourceQueue());
        assertNull(m.sourceError());
    }

    @Test
    void aSourceQueueNameMeansItsDlq() {
        dlq.putMany("inventory-dlq", "inventory-queue", 2);
        DeadLetters.Peek peek = deadLetters.peek("inventory-queue", 10);
        assertEquals("inventory-dlq", peek.queue());
        assertEquals(2, peek.messages().size());
        assertEquals(2, deadLetters.purge("inventory-queue").purged());
    }

    @Test
    void anUnknownQueueIsASpecificErrorNamingTheDlqs() {
        UnknownDeadLetterQueueException e = assertThrows(UnknownDeadLetterQueueException.class,
                () -> deadLetters.peek("orders-dlq", 10));
        assertEquals("Unknown dead-letter queue 'orders-dlq'; the dead-letter queues are " + String.join(", ", DLQS)
                + " (a source queue's name means its DLQ)", e.getMessage());
        assertEquals(DLQS, e.known());
        assertThrows(UnknownDeadLetterQueueException.class, () -> deadLetters.replayAll("nope"));
        assertThrows(UnknownDeadLetterQueueException.class, () -> deadLetters.replay("nope", "id"));
        assertThrows(UnknownDeadLetterQueueException.class, () -> deadLetters.purge("nope"));
    }

    @Test
    void replayOneSendsItBackWithItsAttributesAndReplayedAtAndLeavesTheOthersVisible() {
        List<String> ids = dlq.putMany("order-dlq", "order-queue", 12);
        String id = ids.get(11);
        Instant before = Instant.now().minusSeconds(1);

        DeadLetters.Replay replay = deadLetters.replay("order-dlq", id);

        assertEquals(1, replay.count());
        assertEquals(List.of(), replay.failed());
        assertEquals(id, replay.replayed().get(0).messageId());
        assertEquals("order-queue", replay.replayed().get(0).sourceQueue());
        // gone from the DLQ; the eleven it looked through are visible again at once
        assertEquals(11, dlq.visible("order-dlq"));
        assertEquals(0, dlq.inFlight("order-dlq"));
        List<Message> back = dlq.takeAll("order-queue");
        assertEquals(1, back.size());
        Message m = back.get(0);
        assertEquals(replay.replayed().get(0).newMessageId(), m.messageId());
        assertEquals("{\"n\":11}", m.body());
        Map<String, String> attributes = DlqFixture.strings(m.messageAttributes());
        Instant replayedAt = Instant.parse(attributes.remove(DeadLetterAttributes.REPLAYED_AT));
        assertTrue(!replayedAt.isBefore(before) && !replayedAt.isAfter(Instant.now()), replayedAt.toString());
        assertEquals(DlqFixture.strings(DlqFixture.channelAttributes("order-queue", "corr-11")), attributes,
                "every dead-letter attribute kept for audit");
    }

    @Test
    void replayingAnUnknownMessageIdIsASpecificNotFoundErrorAndHidesNothing() {
        dlq.putMany("order-dlq", "order-queue", 3);
        DeadLetterMessageNotFoundException e = assertThrows(DeadLetterMessageNotFoundException.class,
                () -> deadLetters.replay("order-dlq", "no-such-id"));
        assertEquals("No message 'no-such-id' on dead-letter queue order-dlq (not there, already replayed or purged, "
                + "or in flight)", e.getMessage());
        assertEquals(3, dlq.visible("order-dlq"));
        assertEquals(0, dlq.inFlight("order-dlq"));
        assertEquals(0, dlq.visible("order-queue"));
    }

    @Test
    void replayAllSendsEveryMessageBackIncludingRedrivenOnesWithoutAttributes() {
        List<String> ids = new java.util.ArrayList<>(dlq.putMany("order-dlq", "order-queue", 12));
        ids.add(dlq.put("order-dlq", "redriven", Map.of()));

        DeadLetters.Replay replay = deadLetters.replayAll("order-queue");

        assertEquals("order-dlq", replay.queue());
        assertEquals(13, replay.count());
        assertEquals(Set.copyOf(ids), Set.copyOf(replay.replayed().stream().map(DeadLetters.Replayed::messageId).toList()));
        assertEquals(List.of(), replay.failed());
        assertEquals(0, dlq.visible("order-dlq") + dlq.inFlight("order-dlq"));
        List<Message> back = dlq.takeAll("order-queue");
        assertEquals(13, back.size());
        for (Message m : back) {
            assertNotNull(m.messageAttributes().get(DeadLetterAttributes.REPLAYED_AT), m.toString());
            if (m.body().equals("redriven")) {
                assertEquals(Set.of(DeadLetterAttributes.REPLAYED_AT), m.messageAttributes().keySet());
            } else {
                assertEquals("order-queue", m.messageAttributes().get(DeadLetterAttributes.SOURCE_QUEUE).stringValue());
            }
        }
        assertEquals(0, deadLetters.replayAll("order-dlq").count(), "nothing left to replay");
    }

    @Test
    void aMessageThatCannotBeReplayedStaysOnTheDlqVisibleAndIsReported() {
        String good = dlq.putMany("order-dlq", "order-queue", 1).get(0);
        Map<String, MessageAttributeValue> attributes = DlqFixture.channelAttributes("orders-queue", "corr-x");
        String bad = dlq.put("order-dlq", "{}", attributes);

        DeadLetters.Replay replay = deadLetters.replayAll("order-dlq");

        assertEquals(List.of(good), replay.replayed().stream().map(DeadLetters.Replayed::messageId).toList());
        assertEquals(1, replay.failed().size());
        assertEquals(bad, replay.failed().get(0).messageId());
        assertTrue(replay.failed().get(0).error().contains("'orders-queue' is not a declared queue"), replay.toString());
        assertEquals(1, dlq.visible("order-dlq"), "the bad one stays, visible again at once");
        assertEquals(1, dlq.takeAll("order-queue").size());
        IllegalStateException one = assertThrows(IllegalStateException.class, () -> deadLetters.replay("order-dlq", bad));
        assertTrue(one.getMessage().startsWith("Message " + bad + " of order-dlq was not replayed: no queue to replay to"),
                one.getMessage());
        assertEquals(1, dlq.visible("order-dlq"));
    }

    @Test
    void replayAllLeavesMessagesThatArrivedAfterItBegan() {
        dlq.putMany("order-dlq", "order-queue", 3);
        // a replay that began an hour ago: every message now on the DLQ arrived after it (as a replayed message
        // that failed again would), so it must not be chased
        DeadLetters anHourAgo = new DeadLetters(signalbox.sqs(), deadLetters.topology(), deadLetters.limits(),
                Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC));

        DeadLetters.Replay replay = anHourAgo.replayAll("order-dlq");

        assertEquals(0, replay.count());
        assertEquals(3, dlq.visible("order-dlq"), "left for the next replay, visible again");
        assertEquals(0, dlq.visible("order-queue"));
    }

    @Test
    void aReplayedEventIsTakenInAsNew() throws Exception {
        EventCounters counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        double before = counters.count("signalbox.events.ingested", "queue", "order-queue", "source", "orders",
                "detail_type", "Order Created");
        String id = dlq.put("order-dlq", DlqFixture.orderCreatedEvent(UUID.randomUUID().toString(), "ORD-9"),
                DlqFixture.channelAttributes("order-queue", "corr-9"));
        signalbox.context().getRouteController().startRoute(ROUTE);
        try {
            assertEquals(1, deadLetters.replay("order-dlq", id).count());
            await().atMost(PATIENCE).untilAsserted(() -> assertEquals(before + 1, counters.count(
                    "signalbox.events.ingested", "queue", "order-queue", "source", "orders", "detail_type", "Order Created")));
            await().atMost(PATIENCE).untilAsserted(() -> assertEquals(0, dlq.visible("order-queue") + dlq.inFlight("order-queue")));
            assertEquals(0, dlq.visible("order-dlq"));
        } finally {
            signalbox.context().getRouteController().stopRoute(ROUTE);
        }
    }

    @Test
    void purgeRemovesEveryMessageAndCountsThem() {
        dlq.putMany("notification-dlq", "notification-queue", 23);
        dlq.putMany("order-dlq", "order-queue", 2);

        assertEquals(new DeadLetters.Purge("notification-dlq", 23), deadLetters.purge("notification-dlq"));

        assertEquals(0, dlq.visible("notification-dlq") + dlq.inFlight("notification-dlq"));
        assertEquals(2, dlq.visible("order-dlq"), "other DLQs untouched");
        assertEquals(0, deadLetters.purge("notification-dlq").purged());
    }

    @Test
    void aDeclaredDlqMissingInSqsIsNamed() {
        ResourceDeclarations declarations = new ResourceDeclarations(
                List.of(new ResourceDeclarations.Queue("ghost-queue", 30, "ghost-dlq", 3)), List.of());
        DeadLetters ghosts = new DeadLetters(signalbox.sqs(), declarations, deadLetters.limits());
        UnknownDeadLetterQueueException e = assertThrows(UnknownDeadLetterQueueException.class, () -> ghosts.list());
        assertEquals("Queue ghost-dlq is declared but does not exist in SQS (signalbox.provision creates it)",
                e.getMessage());
    }

    private static Set<String> ids(DeadLetters.Peek peek) {
        Set<String> ids = new HashSet<>();
        peek.messages().forEach(m -> ids.add(m.messageId()));
        return ids;
    }
}
