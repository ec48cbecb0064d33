package io.signalbox.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetterAttributes;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.deadletter.DeadLetters;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The router against the real stand-ins: events are put on an ingest queue with the SQS client (as
 * EventBridge delivers them) and their effects read back from the tables (SQLite, through the DynamoDB read API)
 * and ElasticMQ.
 */
class RoutingIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "workflow-queue";

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    static final AtomicBoolean failing = new AtomicBoolean(true);
    static final AtomicInteger attempts = new AtomicInteger();
    static final List<String> commands = new ArrayList<>();
    static final List<String> processedAfterReplay = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home)
                .with("signalbox.dlc.initial-delay-ms", "20")
                .with("signalbox.dlc.maximum-delay-ms", "200");
        // a test domain type whose handler fails while `failing` is set
        Path routing = signalbox.configDir().resolve("routing.yaml");
        Files.writeString(routing, Files.readString(routing).replace("  handlers:\n",
                "  handlers:\n    \"TestFlaky\": handler-test-flaky\n").replace("source-prefixes: [", "source-prefixes: [test., "));
        signalbox.start();
        signalbox.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:handler-test-flaky").routeId("handler-test-flaky").routeConfigurationId(DeadLetterRoutes.ID)
                        .process(e -> {
                            attempts.incrementAndGet();
                            if (failing.get()) {
                                throw new IllegalStateException("downstream unavailable");
                            }
                            synchronized (processedAfterReplay) {
                                processedAfterReplay.add(e.getMessage().getBody(Envelope.class).id());
                            }
                        });
                from("direct:command-nightly-report").routeId("command-nightly-report")
                        .process(e -> {
                            synchronized (commands) {
                                commands.add(e.getMessage().getHeader(RouterRoutes.COMMAND, String.class) + " "
                                        + e.getMessage().getHeader(RouterRoutes.COMMAND_PAYLOAD));
                            }
                        });
            }
        });
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void domainEventReachesItsYamlHandlerAndUpdatesTheWorkflowStateTable() throws Exception {
        String workflow = "wf-" + UUID.randomUUID();
        send(event("alchemiser.orchestrator", "WorkflowStarted",
                Map.of("workflow_id", workflow, "workflow_name", "daily-rebalance", "requested_at", "2026-11-22T09:35:00Z",
                        "schema_version", 2)));
        send(event("alchemiser.execution", "TradeExecuted",
                Map.of("workflow_id", workflow, "symbol", "AAPL", "side", "BUY", "quantity", 10)));
        await().atMost(PATIENCE).untilAsserted(() -> {
            AttributeValue count = workflowState(workflow).get("event_count");
            assertEquals("2", count == null ? null : count.n());
        });
        assertTrue(List.of("STARTED", "TRADES_EXECUTED").contains(workflowState(workflow).get("status").s()));
    }

    @Test
    void olderSchemaVersionIsUpcastBeforeValidation() throws Exception {
        String workflow = "wf-" + UUID.randomUUID();
        // version 1 has workflow_type, which version 2 renamed; without the upcaster it would fail validation
        send(event("alchemiser.orchestrator", "WorkflowStarted", Map.of("workflow_id", workflow, "workflow_type", "nightly")));
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals("STARTED", status(workflow)));
    }

    @Test
    void duplicateDeliveryHasOneEffect() throws Exception {
        String workflow = "wf-" + UUID.randomUUID();
        String body = event("alchemiser.orchestrator", "WorkflowCompleted", Map.of("workflow_id", workflow));
        double before = counters().count("signalbox.events.routed", "outcome", "duplicate");
        send(body);
        await().atMost(PATIENCE).until(() -> !workflowState(workflow).isEmpty());
        send(body);
        await().atMost(PATIENCE).until(() -> counters().count("signalbox.events.routed", "outcome", "duplicate") > before);
        assertEquals("1", workflowState(workflow).get("event_count").n());
    }

    @Test
    void concurrentDeliveriesOfOneEventHaveOneEffect() throws Exception {
        String workflow = "wf-" + UUID.randomUUID();
        Envelope event = new EnvelopeParser(JSON).parse(
                event("alchemiser.orchestrator", "WorkflowFailed", Map.of("workflow_id", workflow, "reason", "broker down")));
        ProducerTemplate producer = signalbox.context().createProducerTemplate();
        double duplicatesBefore = counters().count("signalbox.events.routed", "outcome", "duplicate", "detail_type", "WorkflowFailed");
        int deliveries = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    // a delivery that meets the first one's claim before it is confirmed fails (in progress) and,
                    // as from its queue, comes back: then it is a duplicate
                    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                            .until(() -> delivered(producer, event));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1", workflowState(workflow).get("event_count").n());
        assertEquals(duplicatesBefore + deliveries - 1,
                counters().count("signalbox.events.routed", "outcome", "duplicate", "detail_type", "WorkflowFailed"));
    }

    /** Delivers {@code event} to the router: true when it completed, false when it failed as in progress. */
    private static boolean delivered(ProducerTemplate producer, Envelope event) {
        try {
            producer.sendBodyAndProperty("direct:events-in", event, DeadLetterRoutes.SOURCE_QUEUE, QUEUE);
            return true;
        } catch (org.apache.camel.CamelExecutionException e) {
            if (e.getCause() instanceof io.signalbox.idempotency.EventInProgressException) {
                return false;
            }
            throw e;
        }
    }

    @Test
    void errorNotificationIsCountedAndGoesNowhere() throws Exception {
        double before = counters().count("signalbox.events.routed", "outcome", "circuit_breaker");
        send(event("alchemiser.notifications", "ErrorNotificationRequested", Map.of("error", "boom")));
        await().atMost(PATIENCE).until(() -> counters().count("signalbox.events.routed", "outcome", "circuit_breaker") > before);
        assertEquals(before + 1, counters().count("signalbox.events.routed", "outcome", "circuit_breaker"));
        // no other outcome (domain, command, unrouted, duplicate) for this detail-type, and it left its queue
        assertEquals(before + 1, counters().count("signalbox.events.routed", "detail_type", "ErrorNotificationRequested"));
        await().atMost(PATIENCE).until(() -> depth(QUEUE) == 0);
    }

    @Test
    void schedulerEnvelopeIsUnwrappedToItsCommand() throws Exception {
        // EventBridge Scheduler: the command in detail, as a JSON string
        send(JSON.writeValueAsString(Map.of("version", "0", "id", UUID.randomUUID().toString(),
                "detail-type", "Scheduled Event", "source", "aws.scheduler", "time", "2026-11-22T02:00:00Z",
                "resources", List.of(), "detail", "{\"command\":\"nightly-report\",\"days\":7}")));
        // a scheduled rule: the job is the rule's name
        send(JSON.writeValueAsString(Map.of("version", "0", "id", UUID.randomUUID().toString(),
                "detail-type", "Scheduled Event", "source", "aws.events", "time", "2026-11-22T02:00:00Z",
                "resources", List.of("arn:aws:events:us-east-1:000000000000:rule/nightly-report"), "detail", Map.of())));
        await().atMost(PATIENCE).untilAsserted(() -> {
            synchronized (commands) {
                assertEquals(2, commands.size(), commands.toString());
                assertTrue(commands.contains("nightly-report {\"command\":\"nightly-report\",\"days\":7}"), commands.toString());
                assertTrue(commands.contains("nightly-report {}"), commands.toString());
            }
        });
    }

    @Test
    void unknownTypeAndUnknownCommandLandInUnroutedWithTheReason() throws Exception {
        String id = UUID.randomUUID().toString();
        send(JSON.writeValueAsString(Map.of("version", "0", "id", id, "detail-type", "Mystery Happened",
                "source", "elsewhere", "detail", Map.of())));
        String commandId = UUID.randomUUID().toString();
        send(JSON.writeValueAsString(Map.of("version", "0", "id", commandId, "detail-type", "Scheduled Event",
                "source", "aws.events", "detail", Map.of("command", "no-such-job"))));
        Map<String, String> reasons = new java.util.HashMap<>();
        await().atMost(PATIENCE).until(() -> {
            for (Message m : receiveAll("unrouted")) {
                reasons.put(JSON.readTree(m.body()).get("id").asText(),
                        m.messageAttributes().get(RouterRoutes.UNROUTED_REASON_ATTRIBUTE).stringValue());
            }
            return reasons.containsKey(id) && reasons.containsKey(commandId);
        });
        assertTrue(reasons.get(id).contains("'Mystery Happened'"), reasons.toString());
        assertTrue(reasons.get(commandId).contains("unknown command 'no-such-job'"), reasons.toString());
    }

    @Test
    void failingHandlerIsRetriedThenDeadLetteredWithMetadataThenReplayedAndProcessed() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = JSON.writeValueAsString(Map.of("version", "0", "id", id, "detail-type", "TestFlaky",
                "source", "test.flaky", "time", "2026-11-22T10:00:00Z", "detail", Map.of("correlation_id", "corr-" + id)));
        failing.set(true);
        int attemptsBefore = attempts.get();
        send(body);
        java.util.concurrent.atomic.AtomicReference<Message> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            receiveAll("workflow-dlq").stream().filter(m -> m.body().equals(body)).findFirst().ifPresent(found::set);
            return found.get() != null;
        });
        Message dead = found.get();
        assertEquals(4, attempts.get() - attemptsBefore, "1 attempt + 3 redeliveries");
        Map<String, MessageAttributeValue> a = dead.messageAttributes();
        assertEquals(body, dead.body(), "the original message");
        assertEquals(QUEUE, a.get(DeadLetterAttributes.SOURCE_QUEUE).stringValue());
        assertEquals(IllegalStateException.class.getName(), a.get(DeadLetterAttributes.ERROR_CLASS).stringValue());
        assertEquals("downstream unavailable", a.get(DeadLetterAttributes.ERROR_MESSAGE).stringValue());
        assertEquals("handler-test-flaky", a.get(DeadLetterAttributes.ERROR_ROUTE).stringValue());
        assertEquals("4", a.get(DeadLetterAttributes.ATTEMPTS).stringValue());
        assertEquals("corr-" + id, a.get(DeadLetterAttributes.CORRELATION_ID).stringValue());
        assertTrue(a.get(DeadLetterAttributes.FIRST_FAILURE).stringValue()
                .compareTo(a.get(DeadLetterAttributes.LAST_FAILURE).stringValue()) < 0, "backoff between first and last failure");
        await().atMost(PATIENCE).until(() -> depth(QUEUE) == 0); // the message left its queue

        // replay with the operator's replay (admin API / JMX): back to its source queue, attributes kept for
        // audit, processed as new (its idempotency claim was released) now that the handler works
        failing.set(false);
        signalbox.sqs().changeMessageVisibility(b -> b.queueUrl(signalbox.queueUrl("workflow-dlq"))
                .receiptHandle(dead.receiptHandle()).visibilityTimeout(0));
        DeadLetters deadLetters = signalbox.context().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
        DeadLetters.Replay replay = deadLetters.replay("workflow-dlq", dead.messageId());
        assertEquals(1, replay.count(), replay.toString());
        await().atMost(PATIENCE).untilAsserted(() -> {
            synchronized (processedAfterReplay) {
                assertTrue(processedAfterReplay.contains(id));
            }
        });
    }

    @Test
    void malformedAndSchemaInvalidEventsAreDeadLetteredWithTheReasonWhileTheOthersGoThrough() throws Exception {
        String workflow = "wf-" + UUID.randomUUID();
        String invalidId = UUID.randomUUID().toString();
        String malformed = "{\"version\": \"0\", \"id\": \"" + invalidId + "-malformed\", ";
        send(malformed);
        send(JSON.writeValueAsString(Map.of("version", "0", "id", invalidId, "detail-type", "TradeExecuted",
                "source", "alchemiser.execution", "detail", Map.of("workflow_id", workflow, "symbol", "AAPL", "side", "HOLD"))));
        send(event("alchemiser.execution", "TradeExecuted",
                Map.of("workflow_id", workflow, "symbol", "MSFT", "side", "SELL", "quantity", 5)));
        await().atMost(PATIENCE).untilAsserted(() -> assertEquals("TRADES_EXECUTED", status(workflow)));
        Map<String, String> errors = new java.util.HashMap<>();
        await().atMost(PATIENCE).until(() -> {
            for (Message m : receiveAll("workflow-dlq")) {
                String kind = m.body().equals(malformed) ? "malformed" : m.body().contains(invalidId) ? "invalid" : null;
                if (kind != null) {
                    errors.put(kind, m.messageAttributes().get(DeadLetterAttributes.ERROR_MESSAGE).stringValue());
                    assertEquals("1", m.messageAttributes().get(DeadLetterAttributes.ATTEMPTS).stringValue(), "not retried");
                }
            }
            return errors.size() == 2;
        });
        assertTrue(errors.get("malformed").startsWith("Message is not valid JSON"), errors.toString());
        assertTrue(errors.get("invalid").contains("quantity"), errors.toString());
        assertTrue(errors.get("invalid").contains("side"), errors.toString());
        assertFalse(workflowState(workflow).containsKey("quantity"));
    }

    // --- helpers ---

    private static String event(String source, String type, Map<String, Object> detail) throws Exception {
        return JSON.writeValueAsString(Map.of("version", "0", "id", UUID.randomUUID().toString(), "detail-type", type,
                "source", source, "account", "000000000000", "time", "2026-11-22T09:35:00Z", "region", "us-east-1",
                "resources", List.of(), "detail", detail));
    }

    private static void send(String body) {
        signalbox.sqs().sendMessage(b -> b.queueUrl(signalbox.queueUrl(QUEUE)).messageBody(body));
    }

    private static Map<String, AttributeValue> workflowState(String workflow) {
        return signalbox.dynamoDb().getItem(b -> b.tableName("workflow-state").consistentRead(true)
                .key(Map.of("workflow_id", AttributeValue.builder().s(workflow).build()))).item();
    }

    private static String status(String workflow) {
        AttributeValue status = workflowState(workflow).get("status");
        return status == null ? null : status.s();
    }

    private static EventCounters counters() {
        return signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
    }

    private static int depth(String queue) {
        Map<String, String> attrs = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(attrs.get("ApproximateNumberOfMessages")) + Integer.parseInt(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static final Map<String, List<Message>> seen = new java.util.concurrent.ConcurrentHashMap<>();

    /** Everything received from the queue so far in this test class (messages stay hidden once received). */
    private static List<Message> receiveAll(String queue) {
        List<Message> all = seen.computeIfAbsent(queue, q -> new ArrayList<>());
        all.addAll(signalbox.sqs().receiveMessage(b -> b.queueUrl(signalbox.queueUrl(queue)).maxNumberOfMessages(10)
                .visibilityTimeout(300).messageAttributeNames("All")).messages());
        return List.copyOf(all);
    }
}
