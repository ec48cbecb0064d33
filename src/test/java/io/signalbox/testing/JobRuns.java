package io.signalbox.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The agent jobs as an operator runs them: through the admin API, each run read back from its row in job-runs. */
public final class JobRuns {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobRuns() {
    }

    /**
     * Runs {@code job} with {@code POST /admin/jobs/<job>/run} ({@code body}: its parameters, "" for none) on the
     * Signalbox at {@code httpEndpoint}, and waits up to {@code patience} for that run's row in job-runs.
     */
    public static Map<String, AttributeValue> runAndAwait(URI httpEndpoint, DynamoDbClient dynamoDb, String job,
            String body, Duration patience) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(httpEndpoint.resolve("/admin/jobs/" + job + "/run"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String eventId = JSON.readTree(response.body()).at("/body/event_id").asText();
        assertFalse(eventId.isEmpty(), response.body());
        AtomicReference<Map<String, AttributeValue>> run = new AtomicReference<>();
        await().atMost(patience).until(() -> {
            runs(dynamoDb, job).stream().filter(r -> eventId.equals(r.get("event_id").s())).findFirst()
                    .ifPresent(run::set);
            return run.get() != null;
        });
        return run.get();
    }

    /** Every run of {@code job} in job-runs. */
    public static List<Map<String, AttributeValue>> runs(DynamoDbClient dynamoDb, String job) {
        return dynamoDb.query(b -> b.tableName("job-runs").keyConditionExpression("job = :j")
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(job)))).items();
    }
}
