package io.signalbox.jobs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.MotoServer;
import io.signalbox.testing.SignalboxInstance;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The weekly report's S3 target (profile aws's default) against a real S3 API: moto's server. The report job
 * runs on a local Signalbox with the demo catalogue and {@code signalbox.jobs.reports.target=s3}, its S3 client
 * pointed at moto by {@code signalbox.aws.s3-endpoint}; the JSON and the HTML are read back from the bucket.
 */
class WeeklyReportS3IT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BUCKET = "signalbox-reports";
    private static final int SKUS = 5;

    @TempDir
    static Path home;
    static MotoServer moto;
    static S3Client s3;
    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        moto = MotoServer.start(home.resolve("moto"));
        s3 = moto.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        signalbox = SignalboxInstance.in(home)
                .with("signalbox.demo", "true")
                .with("signalbox.jobs.demo.skus", Integer.toString(SKUS))
                .with("signalbox.jobs.reports.target", "s3")
                .with("signalbox.jobs.reports.s3-bucket", BUCKET)
                .with("signalbox.jobs.reports.s3-prefix", "weekly/")
                .with("signalbox.aws.s3-endpoint", moto.endpoint().toString())
                .start();
    }

    @AfterAll
    static void stop() {
        if (signalbox != null) {
            signalbox.close();
        }
        if (s3 != null) {
            s3.close();
        }
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void theWeeklyReportGoesToTheBucketAsJsonAndHtml() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(signalbox.httpEndpoint()
                .resolve("/admin/jobs/weekly-report-generation-job/run")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        String eventId = MAPPER.readTree(response.body()).at("/body/event_id").asText();
        AtomicReference<Map<String, AttributeValue>> run = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<Map<String, AttributeValue>> runs = signalbox.dynamoDb().query(b -> b.tableName("job-runs")
                    .keyConditionExpression("job = :j")
                    .expressionAttributeValues(Map.of(":j", AttributeValue.fromS("weekly-report-generation-job")))).items();
            runs.stream().filter(r -> eventId.equals(r.get("event_id").s())).findFirst().ifPresent(run::set);
            return run.get() != null;
        });
        assertEquals("completed", run.get().get("status").s(), run.get().toString());
        LocalDate weekEnd = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        String key = "weekly/weekly-report-" + weekEnd;
        assertEquals("s3://" + BUCKET + "/" + key + ".{json,html}", run.get().get("output").s());

        ResponseBytes<GetObjectResponse> html = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key + ".html"));
        assertEquals("text/html; charset=utf-8", html.response().contentType());
        Document page = Jsoup.parse(html.asString(StandardCharsets.UTF_8));
        assertEquals(SKUS, page.select("svg").size(), "one chart per SKU");
        for (int i = 1; i <= SKUS; i++) {
            String sku = String.format("SKU-%05d", i);
            assertFalse(page.select("table tr:contains(" + sku + ")").isEmpty(), sku + " has a row in the table");
        }

        ResponseBytes<GetObjectResponse> json = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key + ".json"));
        assertEquals("application/json", json.response().contentType());
        JsonNode report = MAPPER.readTree(json.asByteArray());
        assertEquals(SKUS, report.get("skus").size());
        assertEquals(2, s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("weekly/")).contents().size(),
                "the two files and nothing else");
    }
}
