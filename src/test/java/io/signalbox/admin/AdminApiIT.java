package io.signalbox.admin;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetterAttributes;
import io.signalbox.deadletter.DlqFixture;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API's dead-letter endpoints over HTTP, and the same operations as JMX operations on the platform
 * MBean server and through Jolokia, against a running Signalbox and its embedded ElasticMQ. Ingest is off, so
 * replayed messages stay on their source queue to be read. In memory: ElasticMQ's message store is one per JVM
 * (the first instance's), so a persistent instance would restore messages other test classes left there. Every test
 * starts with the DLQs and order-queue empty.
 */
class AdminApiIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Every DLQ declared in the repository's resources.yaml, in declaration order. */
    private static final List<String> DLQS = io.signalbox.config.ConfigFiles.read("config", "resources.yaml",
            io.signalbox.config.ResourceDeclarations.class).queues().stream()
            .map(io.signalbox.config.ResourceDeclarations.Queue::deadLetterQueue)
            .filter(java.util.Objects::nonNull).toList();
    private static final String UNKNOWN_QUEUE = "Unknown dead-letter queue 'nope'; the dead-letter queues are "
            + String.join(", ", DLQS) + " (a source queue's name means its DLQ)";

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static DlqFixture dlq;
    static HttpClient http;
    static ObjectName mbean;

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home).with("signalbox.in-memory", "true")
                .with("signalbox.ingest.queues", "").with("signalbox.admin.dlq.peek-max", "12").start();
        dlq = new DlqFixture(signalbox);
        http = HttpClient.newHttpClient();
        mbean = new ObjectName("io.signalbox:context=signalbox,type=admin,name=DeadLetters");
    }

    @AfterAll
    static void stop() {
        signalbox.close();
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(mbean), "unregistered on stop");
    }

    @BeforeEach
    void queuesAreEmpty() {
        dlq.empty(DLQS.toArray(String[]::new));
        dlq.empty("order-queue");
    }

    private static HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(signalbox.httpEndpoint().resolve(path))
                .header("X-Request-Token", "secret-value")
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON, after checking its status and content type. */
    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.headers().firstValue("X-Request-Token").isEmpty(), "request headers are not echoed");
        return MAPPER.readTree(response.body());
    }

    /** Seed 000's error shape with the HTTP status. */
    private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        JsonNode body = json(response, status);
        assertEquals(MAPPER.readTree("{\"statusCode\":" + status + ",\"body\":{\"status\":\"error\",\"error\":"
                + MAPPER.writeValueAsString(message) + "}}"), body);
    }

    @Test
    void getDlqListsEveryDlqWithItsSourceQueueAndDepth() throws Exception {
        dlq.putMany("order-dlq", "order-queue", 2);

        JsonNode body = json(call("GET", "/admin/dlq"), 200);

        JsonNode queues = body.get("dead_letter_queues");
        assertEquals(DLQS.size(), queues.size(), body.toString());
        assertEquals(MAPPER.readTree("{\"queue\":\"order-dlq\",\"source_queues\":[\"order-queue\"],"
                + "\"approximate_number_of_messages\":2,\"approximate_number_of_messages_not_visible\":0}"), queues.get(0));
        List<String> names = new ArrayList<>();
        queues.forEach(q -> names.add(q.get("queue").asText()));
        assertEquals(DLQS, names);
    }

    @Test
    void getMessagesPeeksWithTheirAttributesAndConsumesNothing() throws Exception {
        dlq.putMany("order-dlq", "order-queue", 14);

        JsonNode page = json(call("GET", "/admin/dlq/order-dlq/messages"), 200);
        assertEquals("order-dlq", page.get("queue").asText());
        assertEquals(10, page.get("count").asInt(), "the default max");
        assertEquals(10, page.get("messages").size());
        JsonNode m = page.get("messages").get(0);
        assertTrue(m.get("body").asText().startsWith("{\"n\":"), m.toString());
        assertEquals("order-queue", m.get("message_attributes").get(DeadLetterAttributes.SOURCE_QUEUE).asText());
        assertEquals("3", m.get("message_attributes").get(DeadLetterAttributes.ATTEMPTS).asText());
        assertEquals("order-queue", m.get("source_queue").asText());
        assertTrue(m.get("approximate_receive_count").asInt() >= 1);
        assertTrue(m.get("sent_timestamp").asText().endsWith("Z"), m.toString());
        assertFalse(m.get("message_id").asText().isEmpty());

        assertEquals(3, json(call("GET", "/admin/dlq/order-queue/messages?max=3"), 200).get("count").asInt());
        assertEquals(12, json(call("GET", "/admin/dlq/order-dlq/messages?max=500"), 200).get("count").asInt(),
                "capped to signalbox.admin.dlq.peek-max");
        assertEquals(14, dlq.visible("order-dlq"), "peeking consumed nothing");
        assertEquals(0, dlq.inFlight("order-dlq"));
    }

    @Test
    void badInputGetsASpecificErrorInSeed000sShape() throws Exception {
        dlq.putMany("order-dlq", "order-queue", 1);
        assertError(call("GET", "/admin/dlq/nope/messages"), 404, UNKNOWN_QUEUE);
        assertError(call("POST", "/admin/dlq/nope/replay"), 404, UNKNOWN_QUEUE);
        assertError(call("DELETE", "/admin/dlq/nope/messages"), 404, UNKNOWN_QUEUE);
        assertError(call("POST", "/admin/dlq/order-dlq/replay?message_id=no-such-id"), 404,
                "No message 'no-such-id' on dead-letter queue order-dlq (not there, already replayed or purged, or in flight)");
        assertError(call("GET", "/admin/dlq/order-dlq/messages?max=ten"), 400,
                "max must be a whole number from 1 to 12, not 'ten'");
        assertError(call("GET", "/admin/dlq/order-dlq/messages?max=0"), 400, "max must be at least 1, not 0");
        // an empty message_id must never mean "replay all"
        assertError(call("POST", "/admin/dlq/order-dlq/replay?message_id="), 400, "message id is empty");
        assertEquals(1, dlq.visible("order-dlq"));
    }

    @Test
    void postReplayWithAMessageIdReplaysThatOneKeepingItsAttributes() throws Exception {
        List<String> ids = dlq.putMany("order-dlq", "order-queue", 3);

        JsonNode body = json(call("POST", "/admin/dlq/order-dlq/replay?message_id=" + ids.get(1)), 200);

        assertEquals("order-dlq", body.get("queue").asText());
        assertEquals(1, body.get("replayed").asInt());
        assertEquals(ids.get(1), body.get("messages").get(0).get("message_id").asText());
        assertEquals("order-queue", body.get("messages").get(0).get("source_queue").asText());
        assertEquals(0, body.get("failed").size());
        List<Message> back = dlq.takeAll("order-queue");
        assertEquals(1, back.size());
        assertEquals(body.get("messages").get(0).get("new_message_id").asText(), back.get(0).messageId());
        assertEquals("{\"n\":1}", back.get(0).body());
        assertEquals("corr-1", back.get(0).messageAttributes().get(DeadLetterAttributes.CORRELATION_ID).stringValue());
        assertTrue(back.get(0).messageAttributes().containsKey(DeadLetterAttributes.REPLAYED_AT));
        assertEquals(2, dlq.visible("order-dlq"));
    }

    @Test
    void postReplayWithoutAMessageIdReplaysThemAll() throws Exception {
        Set<String> ids = new HashSet<>(dlq.putMany("order-dlq", "order-queue", 11));

        JsonNode body = json(call("POST", "/admin/dlq/order-queue/replay"), 200);

        assertEquals(11, body.get("replayed").asInt());
        Set<String> replayed = new HashSet<>();
        body.get("messages").forEach(m -> replayed.add(m.get("message_id").asText()));
        assertEquals(ids, replayed);
        assertEquals(0, dlq.visible("order-dlq") + dlq.inFlight("order-dlq"));
        assertEquals(11, dlq.takeAll("order-queue").size());
    }

    @Test
    void deleteMessagesPurgesAndCounts() throws Exception {
        dlq.putMany("inventory-dlq", "inventory-queue", 13);

        assertEquals(MAPPER.readTree("{\"queue\":\"inventory-dlq\",\"purged\":13}"),
                json(call("DELETE", "/admin/dlq/inventory-dlq/messages"), 200));

        assertEquals(0, dlq.visible("inventory-dlq") + dlq.inFlight("inventory-dlq"));
    }

    @Test
    void theSameOperationsWorkAsJmxOperationsOnThePlatformMBeanServer() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        assertTrue(jmx.isRegistered(mbean));
        List<String> ids = dlq.putMany("workflow-dlq", "workflow-queue", 4);

        JsonNode list = MAPPER.readTree((String) jmx.invoke(mbean, "listDeadLetterQueues", null, null));
        assertEquals(4, list.get("dead_letter_queues").get(3).get("approximate_number_of_messages").asInt());
        JsonNode peek = MAPPER.readTree((String) jmx.invoke(mbean, "peek", new Object[] {"workflow-queue", 2},
                new String[] {String.class.getName(), int.class.getName()}));
        assertEquals(2, peek.get("count").asInt());
        JsonNode one = MAPPER.readTree((String) jmx.invoke(mbean, "replay", new Object[] {"workflow-dlq", ids.get(0)},
                new String[] {String.class.getName(), String.class.getName()}));
        assertEquals(1, one.get("replayed").asInt());
        JsonNode all = MAPPER.readTree((String) jmx.invoke(mbean, "replayAll", new Object[] {"workflow-dlq"},
                new String[] {String.class.getName()}));
        assertEquals(3, all.get("replayed").asInt());
        assertEquals(4, dlq.takeAll("workflow-queue").size());
        dlq.putMany("workflow-dlq", "workflow-queue", 2);
        JsonNode purge = MAPPER.readTree((String) jmx.invoke(mbean, "purge", new Object[] {"workflow-dlq"},
                new String[] {String.class.getName()}));
        assertEquals(2, purge.get("purged").asInt());

        // errors arrive as a JDK exception with the specific message
        RuntimeMBeanException e = assertThrows(RuntimeMBeanException.class, () -> jmx.invoke(mbean, "purge",
                new Object[] {"nope"}, new String[] {String.class.getName()}));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(UNKNOWN_QUEUE, e.getCause().getMessage());
        assertNull(e.getCause().getCause(), "nothing a remote JMX client could not load");
        // the operations have named parameters for jconsole
        var replay = java.util.Arrays.stream(jmx.getMBeanInfo(mbean).getOperations())
                .filter(o -> o.getName().equals("replay")).findFirst().orElseThrow();
        assertEquals(List.of("queue", "messageId"),
                java.util.Arrays.stream(replay.getSignature()).map(p -> p.getName()).toList());
    }

    @Test
    void jolokiaReachesTheMBean() throws Exception {
        dlq.putMany("supply-chain-dlq", "supply-chain-queue", 3);
        String exec = "{\"type\":\"exec\",\"mbean\":\"io.signalbox:context=signalbox,type=admin,name=DeadLetters\","
                + "\"operation\":\"purge\",\"arguments\":[\"supply-chain-dlq\"]}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(signalbox.httpEndpoint() + "/observe/jolokia"))
                .POST(HttpRequest.BodyPublishers.ofString(exec)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = MAPPER.readTree(response.body());
        assertEquals(200, answer.get("status").asInt(), response.body());
        assertEquals(MAPPER.readTree("{\"queue\":\"supply-chain-dlq\",\"purged\":3}"),
                MAPPER.readTree(answer.get("value").asText()));
    }
}
