package io.signalbox.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.deadletter.DeadLetters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the admin API answers for input it refuses before any SQS call (unknown queue, bad max, empty message
 * id), and when SQS cannot be reached (a client pointed at a closed port): status and seed 000's error shape.
 * What it answers with SQS working is {@code AdminApiIT}'s.
 */
class AdminApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static SqsClient unreachable;
    static AdminApi api;

    @BeforeAll
    static void setUp() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        unreachable = SqsClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        DeadLetters deadLetters = new DeadLetters(unreachable, new ResourceDeclarations(List.of(
                new ResourceDeclarations.Queue("order-queue", 30, "order-dlq", 3)), List.of()),
                new DeadLetters.Limits(50, 0, 30));
        api = new AdminApi(deadLetters, new DeadLetterJson(MAPPER), 10);
    }

    @AfterAll
    static void tearDown() {
        unreachable.close();
    }

    private static void assertError(AdminApi.Response response, int status, String message) throws Exception {
        assertEquals(status, response.status(), response.body());
        JsonNode body = MAPPER.readTree(response.body());
        assertEquals(status, body.get("statusCode").asInt());
        assertEquals("error", body.get("body").get("status").asText());
        assertEquals(message, body.get("body").get("error").asText());
        assertEquals(2, body.size());
        assertEquals(2, body.get("body").size());
    }

    @Test
    void anUnknownQueueIs404NamingTheDlqs() throws Exception {
        String message = "Unknown dead-letter queue 'orders'; the dead-letter queues are order-dlq "
                + "(a source queue's name means its DLQ)";
        assertError(api.peek("orders", null), 404, message);
        assertError(api.replay("orders", null), 404, message);
        assertError(api.replay("orders", "id-1"), 404, message);
        assertError(api.purge("orders"), 404, message);
    }

    @Test
    void aBadMaxIs400() throws Exception {
        assertError(api.peek("order-dlq", "many"), 400, "max must be a whole number from 1 to 50, not 'many'");
        assertError(api.peek("order-dlq", "-3"), 400, "max must be at least 1, not -3");
    }

    @Test
    void anEmptyMessageIdIs400AndNeverMeansAll() throws Exception {
        assertError(api.replay("order-queue", ""), 400, "message id is empty");
        assertError(api.replay("order-queue", "  "), 400, "message id is empty");
    }

    @Test
    void sqsUnreachableIs502WithTheReason() throws Exception {
        AdminApi.Response response = api.listDeadLetterQueues();
        assertEquals(502, response.status(), response.body());
        String error = MAPPER.readTree(response.body()).get("body").get("error").asText();
        assertTrue(error.startsWith("SQS failed: "), error);
    }

    @Test
    void aDefaultPeekSizeBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AdminApi(null, new DeadLetterJson(MAPPER), 0));
    }

    @Test
    void theAdminPathIsNormalised() {
        assertEquals("/admin", AdminRoutes.prefix("/admin"));
        assertEquals("/admin", AdminRoutes.prefix("admin/"));
        assertEquals("/ops/admin", AdminRoutes.prefix(" /ops/admin// "));
        assertEquals("", AdminRoutes.prefix("/"));
    }
}
