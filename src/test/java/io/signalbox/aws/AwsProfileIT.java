package io.signalbox.aws;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ConfigFiles;
import io.signalbox.config.Profile;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleSet;
import io.signalbox.testing.JobRuns;
import io.signalbox.testing.MotoServer;
import io.signalbox.testing.Seed001Client;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Profile {@code aws} end to end against real AWS APIs: moto's server stands for EventBridge, SQS, DynamoDB and
 * SNS, and nothing of the local stand-ins runs. The buses, rules and SQS targets of {@code config/rules.yaml} are
 * deployed to EventBridge as an operator's infrastructure code would; Signalbox creates its queues and tables
 * ({@code signalbox.provision=true}). Seed 001's {@code Order Created}, put on EventBridge, reaches
 * {@code order-queue} through EventBridge's own rule, is stored in DynamoDB, and its {@code Notification Sent}
 * goes back through EventBridge to {@code notification-queue} and on to the SNS topic; an order whose total does
 * not add up lands in {@code order-dlq} with the reason; the parallel workflow reserves an order's stock, restocked
 * through inventory-events-rule, and records both branches; an agent job run from the admin API goes through the
 * command queue, reads its SKU's demand from the orders table and records its run.
 */
class AwsProfileIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static MotoServer moto;
    static EventBridgeClient events;
    static DynamoDbClient dynamoDb;
    static SqsClient sqs;
    static SnsClient sns;
    static String subscriber;
    static SignalboxInstance signalbox;
    static final List<Message> delivered = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        moto = MotoServer.start(home.resolve("moto"));
        events = moto.events();
        dynamoDb = moto.dynamoDb();
        sqs = moto.sqs();
        sns = moto.sns();
        SignalboxInstance instance = SignalboxInstance.in(home);
        deploy(ConfigFiles.read(instance.configDir().toString(), "rules.yaml", RuleSet.class));
        String topic = sns.createTopic(b -> b.name("event-notifications")).topicArn();
        subscriber = sqs.createQueue(b -> b.queueName("notification-subscriber")).queueUrl();
        String subscriberArn = sqs.getQueueAttributes(b -> b.queueUrl(subscriber)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(subscriberArn));
        signalbox = instance.profile(Profile.AWS)
                .with("signalbox.aws.endpoint", moto.endpoint().toString())
                .with("signalbox.aws.account", MotoServer.ACCOUNT)
                .with("signalbox.aws.access-key", "moto")
                .with("signalbox.aws.secret-key", "moto")
                .with("signalbox.provision", "true")
                .with("signalbox.notifications.sns-topic-arn", topic)
                .start();
    }

    /** What infrastructure code deploys for profile aws: the buses, pattern rules and SQS targets of rules.yaml. */
    private static void deploy(RuleSet rules) {
        rules.eventBuses().stream().filter(bus -> !Rule.DEFAULT_BUS.equals(bus))
                .forEach(bus -> events.createEventBus(b -> b.name(bus)));
        for (Rule rule : rules.rules()) {
            if (rule.scheduled() || rule.targets().isEmpty()) {
                continue;
            }
            events.putRule(b -> b.name(rule.name()).eventBusName(rule.eventBusName())
                    .eventPattern(rule.eventPattern().toString()).state(rule.state()));
            List<Target> targets = rule.targets().stream().map(t -> Target.builder().id(t.id())
                    .arn(t.arn() != null ? t.arn() : "arn:aws:sqs:us-east-1:" + MotoServer.ACCOUNT + ":" + t.queueName())
                    .build()).toList();
            events.putTargets(b -> b.rule(rule.name()).eventBusName(rule.eventBusName()).targets(targets));
        }
    }

    @AfterAll
    static void stop() {
        if (signalbox != null) {
            signalbox.close();
        }
        if (moto != null) {
            moto.close(); // and the clients it handed out
        }
    }

    /** An event on EventBridge's custom-event-bus, where seed 001's rules are. */
    private static void put(String source, String detailType, String detail) {
        PutEventsResponse put = events.putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus")
                .source(source).detailType(detailType).detail(detail)));
        assertEquals(0, put.failedEntryCount(), put.toString());
    }

    /** Seed 001's Order Created: one line of 2 × 29.99, and {@code total}. */
    private static void putOrderCreated(String orderId, String total) {
        put("orders", "Order Created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-001\",\"items\":"
                + "[{\"item_id\":\"ITEM-001\",\"quantity\":2,\"price\":29.99}],\"total\":" + total
                + ",\"timestamp\":\"2024-01-15T10:00:00Z\"}");
    }

    private static Map<String, AttributeValue> item(String table, String key, String value) {
        return dynamoDb.getItem(b -> b.tableName(table).key(Map.of(key, AttributeValue.fromS(value)))).item();
    }

    private static long quantity(String item) {
        Map<String, AttributeValue> row = item("inventory", "item_id", item);
        return row.isEmpty() ? -1 : Long.parseLong(row.get("quantity").n());
    }

    @Test
    void anOrderGoesThroughEventBridgeSqsDynamoDbAndSns() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        putOrderCreated(orderId, "59.98");

        AtomicReference<Map<String, AttributeValue>> stored = new AtomicReference<>(Map.of());
        await().atMost(PATIENCE).until(() -> !stored.updateAndGet(before -> item("orders", "order_id", orderId)).isEmpty());
        assertEquals("created", stored.get().get("status").s());
        assertEquals(0, new BigDecimal("59.98").compareTo(new BigDecimal(stored.get().get("total").n())));

        // SNS delivers to the subscribed queue in its envelope; the notification is the envelope's Message
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            delivered.addAll(sqs.receiveMessage(b -> b.queueUrl(subscriber).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
            for (Message m : delivered) {
                JsonNode n = JSON.readTree(m.body());
                if (n.path("Message").asText().contains(orderId)) {
                    found.set(n);
                }
            }
            return found.get() != null;
        });
        JsonNode envelope = found.get();
        assertTrue(envelope.path("TopicArn").asText().endsWith(":event-notifications"), envelope.toString());
        JsonNode notification = JSON.readTree(envelope.path("Message").asText());
        assertTrue(notification.toString().contains(orderId), notification.toString());
    }

    @Test
    void theAdminTableApiReadsDynamoDbsTables() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        putOrderCreated(orderId, "59.98");
        await().atMost(PATIENCE).until(() -> !item("orders", "order_id", orderId).isEmpty());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode list = JSON.readTree(http.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve("/admin/tables"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("dynamodb", list.get("engine").asText());
        assertTrue(list.get("tables").toString().contains("\"name\":\"orders\""), list.toString());
        HttpResponse<String> order = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint()
                .resolve("/admin/tables/orders/items/" + orderId)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, order.statusCode(), order.body());
        assertEquals("created", JSON.readTree(order.body()).get("status").asText());
        assertEquals("59.98", JSON.readTree(order.body()).get("total").decimalValue().toPlainString());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint()
                .resolve("/admin/tables/orders?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(1, JSON.readTree(page.body()).get("items").size(), page.body());
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(signalbox.httpEndpoint()
                .resolve("/admin/tables/orders/items/ORD-404")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode(), missing.body());
    }

    @Test
    void aRejectedOrderGoesToItsDlqOnSqsWithTheReason() {
        String orderId = "ORD-" + UUID.randomUUID();
        putOrderCreated(orderId, "59.99");
        String dlq = sqs.getQueueUrl(b -> b.queueName("order-dlq")).queueUrl();
        AtomicReference<Message> dead = new AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(dlq).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages()) {
                if (m.body().contains(orderId)) {
                    dead.set(m);
                }
            }
            return dead.get() != null;
        });
        assertEquals("Order " + orderId + ": total 59.99 does not equal the sum of its lines 59.98",
                Seed001Client.errorMessage(dead.get()));
        assertTrue(item("orders", "order_id", orderId).isEmpty(), "nothing stored");
    }

    @Test
    void theWorkflowReservesAnOrdersStockWithBothBranchesRecorded() {
        String a = "ITEM-" + UUID.randomUUID();
        String b = "ITEM-" + UUID.randomUUID();
        // inventory: restocks through inventory-events-rule, applied with DynamoDB update expressions
        for (String item : List.of(a, b)) {
            put("inventory", "Inventory Updated", "{\"item_id\":\"" + item + "\",\"quantity\":10,\"action\":\"restock\"}");
        }
        await().atMost(PATIENCE).until(() -> quantity(a) == 10 && quantity(b) == 10);
        String orderId = "ORD-" + UUID.randomUUID();
        put("orders", "Order Created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-1\",\"items\":["
                + "{\"item_id\":\"" + a + "\",\"quantity\":2,\"price\":1.50},"
                + "{\"item_id\":\"" + b + "\",\"quantity\":3,\"price\":2}],\"total\":9}");
        await().atMost(PATIENCE).until(() -> !item("orders", "order_id", orderId).isEmpty());

        String workflowId = "WF-" + UUID.randomUUID();
        put("workflow", "Workflow Triggered", "{\"workflow_id\":\"" + workflowId + "\",\"order_id\":\"" + orderId
                + "\",\"timestamp\":\"2024-01-15T10:00:00Z\"}");
        AtomicReference<Map<String, AttributeValue>> wf = new AtomicReference<>(Map.of());
        await().atMost(PATIENCE).until(() -> {
            Map<String, AttributeValue> row = wf.updateAndGet(before -> item("workflows", "workflow_id", workflowId));
            return !row.isEmpty() && !"running".equals(row.get("status").s());
        });
        assertEquals("succeeded", wf.get().get("status").s(), wf.get().toString());
        for (String branch : List.of("order", "inventory")) {
            assertEquals("succeeded", wf.get().get("branches").m().get(branch).m().get("status").s(), branch);
        }
        assertEquals(8, quantity(a));
        assertEquals(7, quantity(b));
    }

    @Test
    void aJobRunFromTheAdminApiGoesThroughTheCommandQueueAndIsRecorded() throws Exception {
        // demand for one SKU two days ago (the job's history ends yesterday), read back by the job from DynamoDB
        String sku = "ITEM-" + UUID.randomUUID();
        String orderId = "ORD-" + UUID.randomUUID();
        String twoDaysAgo = LocalDate.now(ZoneOffset.UTC).minusDays(2) + "T12:00:00Z";
        put("orders", "Order Created", "{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-1\",\"items\":["
                + "{\"item_id\":\"" + sku + "\",\"quantity\":4,\"price\":2}],\"total\":8,\"timestamp\":\""
                + twoDaysAgo + "\"}");
        await().atMost(PATIENCE).until(() -> !item("orders", "order_id", orderId).isEmpty());

        Map<String, AttributeValue> run = JobRuns.runAndAwait(signalbox.httpEndpoint(), dynamoDb,
                "daily-forecasting-job", "{\"sku\":\"" + sku + "\"}", PATIENCE);
        assertEquals("completed", run.get("status").s(), run.toString());
        assertEquals("manual", run.get("trigger").s());
        assertEquals("1", run.get("skus_done").n(), run.toString());
        assertEquals("0", run.get("skus_failed").n());
        assertTrue(Integer.parseInt(run.get("results_written").n()) >= 1, run.toString());
    }
}
