package io.signalbox.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.routing.RouterRoutes;
import io.signalbox.testing.JobRuns;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job run longer than its lease keeps it (renewed a third of the lease apart), so a second run of the job is
 * skipped however long the first takes; the lease is released at the end. Real SQLite; the run is held
 * in its load step by a latch.
 */
class JobLeaseRenewalIT {

    private static final String JOB = AgentJobRoutes.FORECASTING;

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).with("signalbox.jobs.lease-seconds", "2").start();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @Test
    void aRunLongerThanItsLeaseKeepsItAndASecondRunIsSkipped() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        // replaces the orders and inventory tables as the run's input (a name bound twice keeps both beans)
        signalbox.context().getRegistry().unbind("jobInputs");
        signalbox.context().getRegistry().bind("jobInputs", (JobInputs) (asOf, days, onlySku) -> {
            loading.countDown();
            try {
                if (!finish.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the run finish");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        });
        ProducerTemplate template = signalbox.context().createProducerTemplate();
        CompletableFuture<Exchange> first = template.asyncSend("direct:command-" + JOB,
                e -> e.getMessage().setHeader(RouterRoutes.COMMAND_PAYLOAD, new ObjectMapper().createObjectNode()));
        assertTrue(loading.await(30, TimeUnit.SECONDS), "the first run reached its load step");
        long acquiredUntil = expiresAt();

        // renewed past the 2 s it was taken for, more than once
        await().atMost(Duration.ofSeconds(20)).until(() -> expiresAt() > acquiredUntil + 1500);
        // so a run after the first lease would have expired finds the job held and is skipped
        await().atMost(Duration.ofSeconds(20)).until(() -> System.currentTimeMillis() > acquiredUntil + 500);
        assertTrue(expiresAt() > System.currentTimeMillis(), "the lease is still held");
        Exchange second = template.send("direct:command-" + JOB,
                e -> e.getMessage().setHeader(RouterRoutes.COMMAND_PAYLOAD, new ObjectMapper().createObjectNode()));
        assertNull(second.getException());
        assertEquals(1, runs("skipped"), "the second run was skipped: the first still held the lease");

        finish.countDown();
        assertNull(first.get(30, TimeUnit.SECONDS).getException());
        assertEquals(1, runs("completed"));
        Map<String, AttributeValue> lease = signalbox.dynamoDb().getItem(b -> b.tableName("job-leases")
                .key(Map.of("job", AttributeValue.fromS(JOB))).consistentRead(true)).item();
        assertTrue(lease == null || lease.isEmpty(), "released at the end: " + lease);
    }

    private static long expiresAt() {
        Map<String, AttributeValue> lease = signalbox.dynamoDb().getItem(b -> b.tableName("job-leases")
                .key(Map.of("job", AttributeValue.fromS(JOB))).consistentRead(true)).item();
        return lease == null || lease.isEmpty() ? 0 : Long.parseLong(lease.get("expires_at").n());
    }

    private static long runs(String status) {
        return JobRuns.runs(signalbox.dynamoDb(), JOB).stream().filter(r -> status.equals(r.get("status").s())).count();
    }
}
