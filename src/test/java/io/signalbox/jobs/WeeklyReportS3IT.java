package io.signalbox.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.MotoServer;
import io.signalbox.testing.JobRuns;
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
        if (moto != null) {
            moto.close(); // and the clients it handed out
        }
    }

    @Test
    void theWeeklyReportGoesToTheBucketAsJsonAndHtml() throws Exception {
        Map<String, AttributeValue> run = JobRuns.runAndAwait(signalbox.httpEndpoint(), signalbox.dynamoDb(),
                "weekly-report-generation-job", "", Duration.ofSeconds(60));
        assertEquals("completed", run.get("status").s(), run.toString());
        LocalDate weekEnd = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        String key = "weekly/weekly-report-" + weekEnd;
        assertEquals("s3://" + BUCKET + "/" + key + ".{json,html}", run.get("output").s());

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
