package io.signalbox.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JobLease}: the same assertions on SQLite ({@link SqlJobLease}) and DynamoDB ({@link DynamoDbJobLease}). */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class JobLeaseContractIT {

    static final Duration LEASE = Duration.ofMinutes(5);
    static final int CONTENDERS = 8;

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    String table;
    /** Near real time: the lease's ttl (a day after expiry) stays ahead of any expiry sweep. */
    JobsIT.MutableClock clock = new JobsIT.MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("job-leases", "job", null, "ttl")));
        table = fixture.table("job-leases");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    JobLease lease(String owner) {
        return JobWiring.lease(fixture.stores(), table, owner, clock);
    }

    ObjectNode row(String job) {
        return fixture.stores().tables().get(table, ItemKey.of(job)).join();
    }

    @Test
    void ofConcurrentAcquirersOneWinsAndHoldsTheRow() throws Exception {
        List<JobLease> contenders = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
            contenders.add(lease("instance-" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Optional<JobLease.Lease>>> attempts = new ArrayList<>();
            for (JobLease contender : contenders) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return contender.acquire("forecasting", LEASE);
                }, pool));
            }
            start.countDown();
            List<JobLease.Lease> won = attempts.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
            assertEquals(1, won.size(), "one winner: " + won);
            JobLease.Lease held = won.get(0);
            ObjectNode row = row("forecasting");
            assertEquals(held.owner(), row.get("owner").asText());
            assertEquals(held.token(), row.get("token").asText());
            assertEquals(clock.instant().plus(LEASE).toEpochMilli(), row.get("expires_at").longValue());
            assertEquals(clock.instant().plus(LEASE).plus(Duration.ofDays(1)).getEpochSecond(), row.get("ttl").longValue());
            assertEquals(clock.instant().toString(), row.get("acquired_at").asText());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnexpiredLeaseIsHeldAndAnExpiredOneIsTakenOver() {
        JobLease a = lease("instance-a");
        JobLease b = lease("instance-b");
        JobLease.Lease held = a.acquire("report", LEASE).orElseThrow();
        assertEquals(Optional.empty(), b.acquire("report", LEASE), "held by a");
        assertEquals(Optional.empty(), a.acquire("report", LEASE), "a run of a's does not overlap a's either");
        assertTrue(b.acquire("another-job", LEASE).isPresent(), "leases are per job");

        clock.advance(LEASE);
        assertEquals(Optional.empty(), b.acquire("report", LEASE), "not yet expired at its expiry instant");
        clock.advance(Duration.ofMillis(1));
        JobLease.Lease taken = b.acquire("report", LEASE).orElseThrow();
        assertEquals("instance-b", row("report").get("owner").asText());
        assertEquals(taken.token(), row("report").get("token").asText());

        // the lapsed holder can neither renew nor release what b holds now
        assertEquals(Optional.empty(), a.renew(held, LEASE));
        a.release(held);
        assertEquals(taken.token(), row("report").get("token").asText());
        assertEquals(clock.instant().plus(LEASE).toEpochMilli(), row("report").get("expires_at").longValue());
    }

    @Test
    void onlyTheHoldersTokenRenewsOrReleases() {
        JobLease a = lease("instance-a");
        JobLease b = lease("instance-b");
        JobLease.Lease held = a.acquire("anomalies", LEASE).orElseThrow();
        long expiresAt = row("anomalies").get("expires_at").longValue();
        JobLease.Lease forged = new JobLease.Lease("anomalies", "instance-a", "not-the-token", held.expiresAt());

        clock.advance(Duration.ofMinutes(4));
        assertEquals(Optional.empty(), b.renew(forged, LEASE));
        b.release(forged);
        assertEquals(expiresAt, row("anomalies").get("expires_at").longValue(), "another token changed nothing");

        JobLease.Lease renewed = a.renew(held, LEASE).orElseThrow();
        assertEquals(held.token(), renewed.token());
        assertEquals(clock.instant().plus(LEASE), renewed.expiresAt());
        assertEquals(renewed.expiresAt().toEpochMilli(), row("anomalies").get("expires_at").longValue());
        assertEquals(renewed.expiresAt().plus(Duration.ofDays(1)).getEpochSecond(), row("anomalies").get("ttl").longValue());
        assertEquals("instance-a", row("anomalies").get("owner").asText());

        clock.advance(Duration.ofMinutes(4));
        assertEquals(Optional.empty(), b.acquire("anomalies", LEASE), "renewed, so still held");
        a.release(renewed);
        assertNull(row("anomalies"), "released: the row is gone");
        assertTrue(b.acquire("anomalies", LEASE).isPresent());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
