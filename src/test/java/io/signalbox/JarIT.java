package io.signalbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's first session, against the built jar as a separate process: start it, send seed 001's order
 * event with the AWS SDK, read it from its queue while ingest is stopped over JMX (Jolokia), start ingest
 * again and see the event taken in (metrics), and list the tables.
 */
class JarIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    private Process process;

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void jarServesTheAwsApisAndIngestsWhatTheRulesRoute() throws Exception {
        int http = SignalboxInstance.freePort();
        int sqsPort = SignalboxInstance.freePort();
        String jar = System.getProperty("signalbox.jar", "target/signalbox.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(jar).toAbsolutePath().toString(),
                "--config-dir=" + Path.of("config").toAbsolutePath(),
                "--signalbox.http.port=" + http, "--signalbox.local.sqs-port=" + sqsPort,
                "--signalbox.ingest.wait-time-seconds=1"));
        process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(workDir.resolve("signalbox.log").toFile()).start();

        HttpClient httpClient = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + http);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(process.isAlive(), () -> "Signalbox exited: " + log());
            try {
                return httpClient.send(HttpRequest.newBuilder(base.resolve("/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        // the state lives under the process's working directory, as documented
        assertTrue(Files.isDirectory(workDir.resolve("data/elasticmq")));
        assertTrue(Files.isRegularFile(workDir.resolve("data/signalbox.db")), "the tables' SQLite file");

        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        try (EventBridgeClient events = EventBridgeClient.builder().endpointOverride(base).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             SqsClient sqs = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + sqsPort))
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
             // the DynamoDB read API Signalbox serves over its SQLite tables, on the API endpoint
             DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(base)
                .region(Region.US_EAST_1).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {

            assertEquals("Stopped", jolokia(httpClient, base, "exec", "stop()"), "route stop over JMX");
            assertEquals("Stopped", jolokia(httpClient, base, "read", "State"));

            PutEventsResponse put = events.putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus")
                    .source("orders").detailType("Order Created")
                    .detail("{\"order_id\":\"ORD-001\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\","
                            + "\"quantity\":2,\"price\":29.99}],\"total\":59.98,\"timestamp\":\"2024-01-15T10:00:00Z\"}")));
            assertEquals(0, put.failedEntryCount());
            String eventId = put.entries().get(0).eventId();

            String queueUrl = sqs.getQueueUrl(b -> b.queueName("order-queue")).queueUrl();
            // visibility 0: peek without hiding it from ingest
            List<Message> peeked = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)
                    .visibilityTimeout(0)).messages();
            assertEquals(1, peeked.size());
            assertTrue(peeked.get(0).body().contains("\"id\":\"" + eventId + "\""));
            assertTrue(peeked.get(0).body().contains("\"detail-type\":\"Order Created\""));

            jolokia(httpClient, base, "exec", "start()");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                String metrics = httpClient.send(HttpRequest.newBuilder(base.resolve("/observe/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertTrue(metrics.lines().anyMatch(l -> l.startsWith("signalbox_events_ingested_total")
                        && l.contains("queue=\"order-queue\"") && l.contains("source=\"orders\"")
                        && l.endsWith(" 1.0")), metrics);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals("0",
                    sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                            "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings()
                            .values().stream().reduce("0", (a, v) -> Integer.toString(Integer.parseInt(a) + Integer.parseInt(v)))));

            assertTrue(ddb.listTables().tableNames().containsAll(List.of("orders", "inventory")));
            await().atMost(Duration.ofSeconds(30)).until(() -> ddb.getItem(b -> b.tableName("orders")
                    .key(Map.of("order_id", AttributeValue.fromS("ORD-001")))).hasItem());
            assertEquals("59.98", ddb.getItem(b -> b.tableName("orders").key(Map.of("order_id",
                    AttributeValue.fromS("ORD-001")))).item().get("total").n());

            // the README's "check the tables" with the AWS CLI itself, unchanged but for --endpoint-url
            JsonNode scan = JSON.readTree(aws(0, "dynamodb", "scan", "--endpoint-url", base.toString(),
                    "--table-name", "orders", "--limit", "10"));
            assertEquals("ORD-001", scan.get("Items").get(0).get("order_id").get("S").asText(), scan.toString());
            assertEquals("created", scan.get("Items").get(0).get("status").get("S").asText());
            JsonNode item = JSON.readTree(aws(0, "dynamodb", "get-item", "--endpoint-url", base.toString(),
                    "--table-name", "orders", "--key", "{\"order_id\":{\"S\":\"ORD-001\"}}"));
            assertEquals("59.98", item.get("Item").get("total").get("N").asText());
            String refused = aws(255, "dynamodb", "put-item", "--endpoint-url", base.toString(), "--table-name", "orders",
                    "--item", "{\"order_id\":{\"S\":\"ORD-X\"}}");
            assertTrue(refused.contains("ValidationException") && refused.contains("PutItem is not supported"), refused);
        }
    }

    /** Runs the AWS CLI (installed by the build beside moto) with test credentials and no config of the user's. */
    private String aws(int expectedExit, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("signalbox.aws-cli", "target/moto/bin/aws")).toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", workDir.resolve("no-aws-config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", workDir.resolve("no-aws-credentials").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.remove("AWS_PROFILE");
        Process cli = builder.start();
        String out = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the CLI did not finish");
        assertEquals(expectedExit, cli.exitValue(), "aws " + String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void theJarHoldsNoDynamoDbLocal() throws Exception {
        try (JarFile jar = new JarFile(System.getProperty("signalbox.jar", "target/signalbox.jar"))) {
            List<String> found = jar.stream().map(JarEntry::getName)
                    .filter(n -> n.startsWith("com/amazonaws/services/dynamodbv2/local/") || n.contains("sqlite4java")
                            || n.contains("DynamoDBLocal"))
                    .limit(5).toList();
            assertEquals(List.of(), found, "DynamoDB Local's licence forbids shipping it");
            assertTrue(jar.getEntry("org/sqlite/JDBC.class") != null, "the SQLite driver is in the jar");
        }
    }

    /** Runs a JMX operation or reads an attribute of route ingest-order-queue over Jolokia. */
    private static String jolokia(HttpClient client, URI base, String type, String what) throws Exception {
        String mbean = "org.apache.camel:context=signalbox,type=routes,name=\\\"ingest-order-queue\\\"";
        String body = type.equals("exec")
                ? "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + what + "\"}"
                : "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + what + "\"}";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/observe/jolokia"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.body().contains("\"status\":200"), response.body());
        if (type.equals("exec")) {
            String state = "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"State\"}";
            return client.send(HttpRequest.newBuilder(base.resolve("/observe/jolokia"))
                    .POST(HttpRequest.BodyPublishers.ofString(state)).build(), HttpResponse.BodyHandlers.ofString())
                    .body().replaceAll(".*\"value\":\"([A-Za-z]+)\".*", "$1");
        }
        return response.body().replaceAll(".*\"value\":\"([A-Za-z]+)\".*", "$1");
    }

    private String log() {
        try {
            return Files.readString(workDir.resolve("signalbox.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
