package io.signalbox.archive;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive and its replay against a running local Signalbox with real SQLite and ElasticMQ: events go in
 * with the AWS SDK's EventBridgeClient, the archive table is read with the SDK's DynamoDB client (Signalbox's read
 * API over its tables), replays
 * are asked for over HTTP and JMX, and the queues are read as a user would (ingest is off). Each test uses its
 * own day of event times, so the tests do not see each other's events.
 */
class EventArchiveIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BUS = "alchemiser-trading-events";
    private static final String TABLE = "event-archive";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final List<String> ALCHEMISER_QUEUES = List.of("alchemiser-workflow-started-queue",
            "alchemiser-signal-generated-queue", "alchemiser-rebalance-planned-queue", "alchemiser-trade-executed-queue",
            "alchemiser-workflow-completed-queue", "alchemiser-workflow-failed-queue", "alchemiser-orchestrator-queue");

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static MeterRegistry meters;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).with("signalbox.ingest.queues", "").start();
        meters = signalbox.context().getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
    }

    @AfterAll
    static void stop() throws Exception {
        signalbox.close();
        // the MBean lives only as long as the Signalbox that registered it
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(ArchiveRoutes.MBEAN_NAME)));
    }

    private static PutEventsRequestEntry event(String bus, String source, String detailType, String detail, String time) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source(source).detailType(detailType).detail(detail)
                .time(Instant.parse(time)).build();
    }

    private static List<String> put(PutEventsRequestEntry... entries) {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(entries));
        return response.entries().stream().map(PutEventsResultEntry::eventId).toList();
    }

    /** The archived items of {@code bus} whose sort key starts with {@code prefix} (a day), in key order. */
    private static List<Map<String, AttributeValue>> archived(String bus, String prefix) {
        return signalbox.dynamoDb().query(b -> b.tableName(TABLE).consistentRead(true)
                .keyConditionExpression("#b = :b AND begins_with(#k, :p)")
                .expressionAttributeNames(Map.of("#b", "bus", "#k", "archived"))
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bus), ":p", AttributeValue.fromS(prefix))))
                .items();
    }

    private static List<Map<String, AttributeValue>> awaitArchived(String bus, String prefix, int count) {
        await().atMost(PATIENCE).until(() -> archived(bus, prefix).size() >= count);
        List<Map<String, AttributeValue>> items = archived(bus, prefix);
        assertEquals(count, items.size(), items.toString());
        return items;
    }

    /** Every message now on {@code queue}, removed from it, as JSON. */
    private static List<JsonNode> drain(String queue) {
        return signalbox.drainJson(queue);
    }

    private static Map<String, List<JsonNode>> drainAll() {
        Map<String, List<JsonNode>> all = new HashMap<>();
        for (String queue : ALCHEMISER_QUEUES) {
            all.put(queue, drain(queue));
        }
        all.put("order-queue", drain("order-queue"));
        return all;
    }

    private static HttpResponse<String> replay(String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/admin/archive/replay"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double archivedCount() {
        return meters.find("signalbox.archived").counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void theArchiveTableHasTheBusAsPartitionKeyTimeThenIdAsSortKeyAndATtl() {
        List<KeySchemaElement> keys = signalbox.dynamoDb().describeTable(b -> b.tableName(TABLE)).table().keySchema();
        assertEquals(List.of(KeySchemaElement.builder().attributeName("bus").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("archived").keyType(KeyType.RANGE).build()), keys);
        TimeToLiveDescription ttl = signalbox.dynamoDb().describeTimeToLive(b -> b.tableName(TABLE))
                .timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("expires_at", ttl.attributeName());
    }

    @Test
    void everyAcceptedEventIsArchivedMatchedOrNotWithA365DayTtlAndRejectedOnesAreNot() throws Exception {
        Instant before = Instant.now();
        List<String> ids = put(
                event(BUS, "alchemiser.strategy", "SignalGenerated", "{\"symbol\":\"SPY\",\"correlation_id\":\"c-1\"}",
                        "2021-03-01T09:30:00Z"),
                event(null, "nobody-listens", "Something Happened", "{\"n\":1}", "2021-03-01T09:31:00Z"),
                event(BUS, "alchemiser.strategy", "SignalGenerated", "not json", "2021-03-01T09:32:00Z"),
                event("no-such-bus", "alchemiser.strategy", "SignalGenerated", "{}", "2021-03-01T09:33:00Z"));
        assertTrue(ids.get(0) != null && ids.get(1) != null && ids.get(2) == null && ids.get(3) == null, ids.toString());

        Map<String, AttributeValue> matched = awaitArchived(BUS, "2021-03-01", 1).get(0);
        Map<String, AttributeValue> unmatched = awaitArchived("default", "2021-03-01", 1).get(0);
        assertEquals("2021-03-01T09:30:00Z#" + ids.get(0), matched.get("archived").s());
        assertEquals(ids.get(0), matched.get("id").s());
        assertEquals("2021-03-01T09:31:00Z#" + ids.get(1), unmatched.get("archived").s());

        // the archived event is the event the rule's queue received
        List<JsonNode> delivered = drain("alchemiser-signal-generated-queue");
        assertEquals(1, delivered.size());
        assertEquals(delivered.get(0), MAPPER.readTree(matched.get("event").s()));
        assertEquals("Something Happened", MAPPER.readTree(unmatched.get("event").s()).get("detail-type").asText());

        // expires 365 days after it was archived (TTL in epoch seconds)
        long expires = Long.parseLong(matched.get("expires_at").n());
        assertTrue(expires >= before.plus(Duration.ofDays(365)).getEpochSecond() - 1
                && expires <= Instant.now().plus(Duration.ofDays(365)).getEpochSecond() + 1, Long.toString(expires));

        // counted, and shown at /observe/metrics
        String metrics = HTTP.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("signalbox_archived_total{")
                && l.contains("bus=\"" + BUS + "\"")), metrics);
    }

    @Test
    void aReplayPutsBackExactlyTheEventsOfItsWindowMarkedWithItsNameAndDoesNotArchiveThemAgain() throws Exception {
        List<String> ids = put(
                event(BUS, "alchemiser.orchestrator", "WorkflowStarted", "{\"workflow_id\":\"wf-1\"}", "2022-06-01T09:59:59Z"),
                event(BUS, "alchemiser.strategy", "SignalGenerated", "{\"symbol\":\"SPY\"}", "2022-06-01T10:00:00Z"),
                event(BUS, "alchemiser.portfolio", "RebalancePlanned", "{\"plan\":[1,2]}", "2022-06-01T10:30:00Z"),
                event(BUS, "alchemiser.execution", "TradeExecuted", "{\"order\":\"o-1\"}", "2022-06-01T10:59:59Z"),
                event(BUS, "alchemiser.orchestrator", "WorkflowCompleted", "{\"workflow_id\":\"wf-1\"}", "2022-06-01T11:00:00Z"),
                // same window, another bus: not part of this replay
                event("custom-event-bus", "orders", "Order Created", "{\"order_id\":\"o-9\"}", "2022-06-01T10:15:00Z"));
        assertTrue(ids.stream().allMatch(id -> id != null), ids.toString());
        awaitArchived(BUS, "2022-06-01", 5);
        awaitArchived("custom-event-bus", "2022-06-01", 1);
        Map<String, List<JsonNode>> original = drainAll();
        double archivedBefore = archivedCount();

        HttpResponse<String> response = replay("{\"bus\":\"" + BUS + "\",\"from\":\"2022-06-01T10:00:00Z\","
                + "\"to\":\"2022-06-01T11:00:00Z\",\"name\":\"fix-signal-handler\"}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(MAPPER.readTree("{\"replay_name\":\"fix-signal-handler\",\"events_replayed\":3,"
                + "\"from\":\"2022-06-01T10:00:00Z\",\"to\":\"2022-06-01T11:00:00Z\",\"bus\":\"" + BUS + "\"}"),
                MAPPER.readTree(response.body()));

        // the answer comes once the queues have the events: read them at once
        Map<String, List<JsonNode>> replayed = drainAll();
        assertEquals(0, replayed.get("alchemiser-workflow-started-queue").size(), "09:59:59 is before from");
        assertEquals(0, replayed.get("alchemiser-workflow-completed-queue").size(), "11:00:00 is to, exclusive");
        assertEquals(0, replayed.get("order-queue").size(), "another bus");
        assertEquals(0, replayed.get("alchemiser-orchestrator-queue").size());
        for (String queue : List.of("alchemiser-signal-generated-queue", "alchemiser-rebalance-planned-queue",
                "alchemiser-trade-executed-queue")) {
            assertEquals(1, replayed.get(queue).size(), queue);
            JsonNode again = replayed.get(queue).get(0);
            JsonNode first = original.get(queue).get(0);
            // the original event, id, time and detail unchanged, plus replay-name
            assertEquals("fix-signal-handler", again.get("replay-name").asText());
            assertFalse(first.has("replay-name"));
            JsonNode withoutMark = again.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) withoutMark).remove("replay-name");
            assertEquals(first, withoutMark, queue);
            // and a handler can tell
            Envelope envelope = new EnvelopeParser(MAPPER).parse(again.toString());
            assertEquals("fix-signal-handler", envelope.replayName());
            assertNull(new EnvelopeParser(MAPPER).parse(first.toString()).replayName());
        }

        // not archived again: the next accepted event is the only one the archive writes
        List<String> sentinel = put(event(BUS, "alchemiser.orchestrator", "WorkflowFailed", "{}", "2022-06-01T12:00:00Z"));
        awaitArchived(BUS, "2022-06-01", 6);
        await().atMost(PATIENCE).until(() -> archivedCount() >= archivedBefore + 1);
        assertEquals(archivedBefore + 1, archivedCount());
        for (Map<String, AttributeValue> item : archived(BUS, "2022-06-01")) {
            assertFalse(item.get("event").s().contains("replay-name"), item.toString());
        }
        assertEquals(1, drain("alchemiser-workflow-failed-queue").size());
        assertEquals(sentinel.get(0), archived(BUS, "2022-06-01T12").get(0).get("id").s());
    }

    @Test
    void aWindowWithNothingArchivedReplaysNothing() throws Exception {
        HttpResponse<String> response = replay("{\"bus\":\"default\",\"from\":\"1999-01-01T00:00:00Z\","
                + "\"to\":\"1999-01-02T00:00:00Z\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(0, body.get("events_replayed").asInt());
        assertTrue(body.get("replay_name").asText().startsWith("replay-"), body.toString());
        assertEquals("default", body.get("bus").asText());
    }

    @Test
    void badRequestsGetTheirSpecificErrorInSeed000sShape() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}",
                "bus is required: the name of the event bus whose archive to replay");
        cases.put("{\"bus\":\"nope\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}",
                "Event bus nope does not exist; the buses are alchemiser-trading-events, custom-event-bus, default");
        cases.put("{\"bus\":\"default\",\"from\":\"last tuesday\",\"to\":\"2024-01-15T11:00:00Z\"}",
                "from is not an ISO-8601 timestamp: 'last tuesday'; expected one such as 2024-01-15T10:00:00Z or "
                        + "2024-01-15T11:00:00+01:00");
        cases.put("{\"bus\":\"default\",\"from\":\"2024-01-15T10:00:00Z\"}",
                "to is required: an ISO-8601 timestamp such as 2024-01-15T10:00:00Z or 2024-01-15T11:00:00+01:00");
        cases.put("{\"bus\":\"default\",\"from\":\"2024-01-15T12:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}",
                "from (2024-01-15T12:00:00Z) is after to (2024-01-15T11:00:00Z)");
        cases.put("{\"bus\":\"default\",\"from\":\"2024-01-15T10:00:00\",\"to\":\"2024-01-15T11:00:00Z\"}",
                "from has no time zone: '2024-01-15T10:00:00'; add Z for UTC or an offset such as +01:00");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = replay(c.getKey());
            assertEquals(400, response.statusCode(), c.getKey() + " -> " + response.body());
            assertEquals(MAPPER.createObjectNode().put("statusCode", 400).set("body", MAPPER.createObjectNode()
                    .put("status", "error").put("error", c.getValue())), MAPPER.readTree(response.body()), c.getKey());
        }
        // curl -d without -H 'Content-Type: application/json' sends the JSON as a form, which the server parses away
        HttpResponse<String> form = HTTP.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/admin/archive/replay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"bus\":\"default\",\"from\":\"2024-01-15T10:00:00Z\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, form.statusCode());
        assertEquals("The request body must be JSON with Content-Type: application/json, not a form "
                + "(application/x-www-form-urlencoded); with curl, add -H 'Content-Type: application/json' to -d",
                MAPPER.readTree(form.body()).at("/body/error").asText(), form.body());
        HttpResponse<String> notJson = replay("{bus:");
        assertEquals(400, notJson.statusCode());
        assertTrue(MAPPER.readTree(notJson.body()).at("/body/error").asText().startsWith("Request body is not valid JSON"),
                notJson.body());
    }

    @Test
    void theReplayIsAJmxOperationToo() throws Exception {
        List<String> ids = put(event(BUS, "alchemiser.execution", "TradeExecuted", "{\"order\":\"o-2\"}",
                "2020-02-02T02:02:02Z"));
        awaitArchived(BUS, "2020-02-02", 1);
        drain("alchemiser-trade-executed-queue");

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.signalbox:type=admin,name=Archive");
        String[] signature = {String.class.getName(), String.class.getName(), String.class.getName(), String.class.getName()};
        String answer = (String) server.invoke(name, "replay",
                new Object[] {BUS, "2020-02-02T00:00:00Z", "2020-02-03T00:00:00Z", "over-jmx"}, signature);
        JsonNode json = MAPPER.readTree(answer);
        assertEquals("over-jmx", json.get("replay_name").asText());
        assertEquals(1, json.get("events_replayed").asInt());
        List<JsonNode> delivered = drain("alchemiser-trade-executed-queue");
        assertEquals(1, delivered.size());
        assertEquals(ids.get(0), delivered.get(0).get("id").asText());
        assertEquals("over-jmx", delivered.get(0).get("replay-name").asText());

        RuntimeMBeanException bad = org.junit.jupiter.api.Assertions.assertThrows(RuntimeMBeanException.class,
                () -> server.invoke(name, "replay", new Object[] {"nope", "2020-02-02T00:00:00Z", "2020-02-03T00:00:00Z",
                        ""}, signature));
        assertInstanceOf(IllegalArgumentException.class, bad.getCause());
        assertEquals("Event bus nope does not exist; the buses are alchemiser-trading-events, custom-event-bus, default",
                bad.getCause().getMessage());
    }
}
