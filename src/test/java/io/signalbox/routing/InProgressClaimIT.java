package io.signalbox.routing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.events.Envelope;
import io.signalbox.idempotency.ClaimStore;
import io.signalbox.idempotency.DynamoDbClaimStore;
import io.signalbox.idempotency.SqlClaimStore;
import io.signalbox.ops.EventCounters;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * End to end (ingest queue → router → handler), on each engine: an event whose idempotency key another attempt has
 * claimed and not confirmed (an instance that died between claim and effect) is not acknowledged as a duplicate. Its
 * deliveries fail as in progress and it stays on its queue, coming back until that claim's lease lapses or it is
 * released (then it is processed: its handler's effect happens exactly once) or confirmed (then it is a duplicate).
 * The queue's visibility timeout is 1 s here, so that it comes back quickly.
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class InProgressClaimIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUEUE = "workflow-queue";
    private static final String TABLE = "idempotency-keys";

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    /** How many times the test handler took effect, per event id. */
    static final Map<String, AtomicInteger> effects = new ConcurrentHashMap<>();

    InProgressClaimIT(Stores.Engine engine) {
        // the engine's Signalbox is started once for the class invocation (start)
    }

    @BeforeParameterizedClassInvocation
    static void start(Stores.Engine engine) throws Exception {
        signalbox = SignalboxInstance.in(home.resolve(engine.id()))
                .with("signalbox.store.engine", engine.id());
        if (engine == Stores.Engine.DYNAMODB) {
            // profile local's queues, with the state in DynamoDB on the tests' moto server
            signalbox.with("signalbox.aws.dynamodb-endpoint", EngineFixture.moto().endpoint().toString());
        }
        signalbox
                .with("signalbox.dlc.initial-delay-ms", "20")
                .with("signalbox.dlc.maximum-delay-ms", "200");
        Path routing = signalbox.configDir().resolve("routing.yaml");
        Files.writeString(routing, Files.readString(routing).replace("  handlers:\n",
                "  handlers:\n    \"TestClaimed\": handler-test-claimed\n").replace("source-prefixes: [", "source-prefixes: [test., "));
        // redelivered a second after a failed delivery, and never redriven to the DLQ by SQS meanwhile
        Path resources = signalbox.configDir().resolve("resources.yaml");
        String declared = Files.readString(resources);
        String quick = declared.replace(
                "  - name: workflow-queue\n    visibility-timeout-seconds: 30\n    dead-letter-queue: workflow-dlq\n    max-receive-count: 3\n",
                "  - name: workflow-queue\n    visibility-timeout-seconds: 1\n    dead-letter-queue: workflow-dlq\n    max-receive-count: 100\n");
        assertNotEquals(declared, quick, "workflow-queue's declaration in resources.yaml changed: update this test");
        Files.writeString(resources, quick);
        signalbox.start();
        signalbox.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:handler-test-claimed").routeId("handler-test-claimed").routeConfigurationId(DeadLetterRoutes.ID)
                        .process(e -> effects.computeIfAbsent(e.getMessage().getBody(Envelope.class).id(),
                                id -> new AtomicInteger()).incrementAndGet());
            }
        });
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        signalbox.close();
    }

    /** Another attempt's view of the claims (another instance on DynamoDB; on SQLite, this process's database). */
    private static ClaimStore otherAttempt(Duration lease) {
        Stores stores = signalbox.context().getRegistry().lookupByNameAndType("stores", Stores.class);
        return stores.choose(sql -> new SqlClaimStore(sql, TABLE, Duration.ofHours(24), lease, Clock.systemUTC()),
                ddb -> new DynamoDbClaimStore(ddb.sync(), null, TABLE, Duration.ofHours(24), lease, Clock.systemUTC()));
    }

    @Test
    void anEventClaimedByAnAttemptThatDiedIsNotADuplicateAndIsProcessedOnceWhenItsLeaseLapses() throws Exception {
        String source = "test.lapsed";
        String id = UUID.randomUUID().toString();
        assertEquals(ClaimStore.Outcome.CLAIMED, otherAttempt(Duration.ofSeconds(3)).claim(id).outcome());
        String body = event(id, source);
        send(body);
        await().atMost(PATIENCE).until(() -> routed("in_progress", source) >= 1);
        assertEquals(0, effect(id), "not processed while the other attempt's lease runs");
        assertEquals(0, routed("duplicate", source), "not acknowledged as a duplicate");

        await().atMost(PATIENCE).until(() -> effect(id) == 1);
        await().atMost(PATIENCE).until(() -> depth(QUEUE) == 0);
        assertEquals(0, routed("duplicate", source));
        assertFalse(inDlq(body), "never dead-lettered");

        // its claim is now done: another delivery is a duplicate, with no effect
        send(body);
        await().atMost(PATIENCE).until(() -> routed("duplicate", source) == 1);
        assertEquals(1, effect(id));
    }

    @Test
    void anEventClaimedByAnotherAttemptIsProcessedOnceThatClaimIsReleased() throws Exception {
        String source = "test.released";
        String id = UUID.randomUUID().toString();
        ClaimStore other = otherAttempt(Duration.ofMinutes(5));
        assertEquals(ClaimStore.Outcome.CLAIMED, other.claim(id).outcome());
        send(event(id, source));
        await().atMost(PATIENCE).until(() -> routed("in_progress", source) >= 2); // delivered again, still held
        assertEquals(0, effect(id));
        other.release(id); // that attempt failed
        await().atMost(PATIENCE).until(() -> effect(id) == 1);
        await().atMost(PATIENCE).until(() -> depth(QUEUE) == 0);
        assertEquals(0, routed("duplicate", source));
        assertEquals(1, effect(id));
    }

    @Test
    void anEventClaimedByAnotherAttemptIsADuplicateOnceThatClaimIsConfirmed() throws Exception {
        String source = "test.confirmed";
        String id = UUID.randomUUID().toString();
        ClaimStore other = otherAttempt(Duration.ofMinutes(5));
        assertEquals(ClaimStore.Outcome.CLAIMED, other.claim(id).outcome());
        String body = event(id, source);
        send(body);
        await().atMost(PATIENCE).until(() -> routed("in_progress", source) >= 1);
        other.confirm(id); // that attempt took effect
        await().atMost(PATIENCE).until(() -> routed("duplicate", source) == 1);
        await().atMost(PATIENCE).until(() -> depth(QUEUE) == 0);
        assertEquals(0, effect(id), "the effect was the other attempt's");
        assertFalse(inDlq(body));
    }

    // --- helpers ---

    private static String event(String id, String source) throws Exception {
        return JSON.writeValueAsString(Map.of("version", "0", "id", id, "detail-type", "TestClaimed", "source", source,
                "account", "000000000000", "time", "2026-11-22T09:35:00Z", "region", "us-east-1",
                "resources", List.of(), "detail", Map.of("n", 1)));
    }

    private static void send(String body) {
        signalbox.sqs().sendMessage(b -> b.queueUrl(signalbox.queueUrl(QUEUE)).messageBody(body));
    }

    private static int effect(String id) {
        AtomicInteger n = effects.get(id);
        return n == null ? 0 : n.get();
    }

    private static double routed(String outcome, String source) {
        return signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class)
                .count("signalbox.events.routed", "outcome", outcome, "source", source);
    }

    private static int depth(String queue) {
        Map<String, String> attrs = signalbox.sqs().getQueueAttributes(b -> b.queueUrl(signalbox.queueUrl(queue))
                .attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                .attributesAsStrings();
        return Integer.parseInt(attrs.get("ApproximateNumberOfMessages")) + Integer.parseInt(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static boolean inDlq(String body) {
        return signalbox.sqs().receiveMessage(b -> b.queueUrl(signalbox.queueUrl("workflow-dlq")).maxNumberOfMessages(10)
                .visibilityTimeout(0)).messages().stream().anyMatch(m -> m.body().equals(body));
    }
}
