package io.signalbox.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

/**
 * {@link ScheduleLedger}: the same assertions on SQLite ({@link SqlScheduleLedger}) and DynamoDB
 * ({@link DynamoDbScheduleLedger}).
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class ScheduleLedgerContractIT {

    static final Instant T1 = Instant.parse("2024-01-15T02:00:00Z");
    static final Instant T2 = Instant.parse("2024-01-16T02:00:00Z");
    static final Duration CRON = Duration.ofMillis(1);
    static final int CONTENDERS = 8;

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    String table;
    ScheduleLedger ledger;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("job-schedules", "rule_name", null, null)));
        table = fixture.table("job-schedules");
        ledger = fixture.stores().choose(sql -> new SqlScheduleLedger(sql, table),
                ddb -> new DynamoDbScheduleLedger(ddb.sync(), table));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    ObjectNode row(String rule) {
        return fixture.stores().tables().get(table, ItemKey.of(rule)).join();
    }

    @Test
    void eachScheduledTimeIsClaimedOnceAndRecorded() {
        assertEquals(table, ledger.table());
        assertEquals(Optional.empty(), ledger.last("daily"), "nothing recorded");
        ScheduleLedger.Claim first = ledger.claim("daily", T1, CRON).orElseThrow();
        assertEquals(new ScheduleLedger.Claim("daily", T1, Optional.empty()), first);
        assertEquals(Optional.of(T1), ledger.last("daily"));
        ObjectNode row = row("daily");
        assertEquals(T1.toEpochMilli(), row.get("last_scheduled").longValue());
        assertEquals(T1.toString(), row.get("last_scheduled_time").asText());
        assertEquals(true, row.hasNonNull("recorded_at"));

        assertEquals(Optional.empty(), ledger.claim("daily", T1, CRON), "the same time twice");
        assertEquals(Optional.empty(), ledger.claim("daily", T1.minusSeconds(60), CRON), "an earlier time");
        // a repeat interval's next run must be (almost) one interval later
        assertEquals(Optional.empty(), ledger.claim("daily", T1.plusSeconds(60), Duration.ofMinutes(7)), "within the gap");
        assertEquals(Optional.of(T1), ledger.last("daily"), "refused claims changed nothing");
        ScheduleLedger.Claim interval = ledger.claim("daily", T1.plus(Duration.ofMinutes(7)), Duration.ofMinutes(7))
                .orElseThrow();
        assertEquals(Optional.of(T1), interval.previous(), "exactly the gap later");

        ScheduleLedger.Claim second = ledger.claim("daily", T2, CRON).orElseThrow();
        assertEquals(Optional.of(interval.time()), second.previous());
        assertEquals(Optional.of(T2), ledger.last("daily"));
        assertEquals(Optional.empty(), ledger.last("weekly"), "rules are recorded apart");
        // a first sight records now, whatever the gap (Duration.ZERO)
        assertEquals(Optional.empty(), ledger.claim("weekly", T1, Duration.ZERO).orElseThrow().previous());
    }

    @Test
    void ofConcurrentClaimsOfOneTimeOneWins() throws Exception {
        ledger.claim("hourly", T1, CRON).orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Optional<ScheduleLedger.Claim>>> claims = new ArrayList<>();
            for (int i = 0; i < CONTENDERS; i++) {
                claims.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return ledger.claim("hourly", T2, CRON);
                }, pool));
            }
            start.countDown();
            List<ScheduleLedger.Claim> won = claims.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList();
            assertEquals(List.of(new ScheduleLedger.Claim("hourly", T2, Optional.of(T1))), won, "one winner");
            assertEquals(Optional.of(T2), ledger.last("hourly"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleaseRestoresThePreviousTimeUnlessALaterClaimReplacedIt() {
        ScheduleLedger.Claim first = ledger.claim("daily", T1, CRON).orElseThrow();
        ScheduleLedger.Claim second = ledger.claim("daily", T2, CRON).orElseThrow();

        // a claim that was replaced is not released: the later run holds the record
        ledger.release(first);
        assertEquals(Optional.of(T2), ledger.last("daily"));

        // a run that could not be sent gives its time back
        ledger.release(second);
        assertEquals(Optional.of(T1), ledger.last("daily"));
        assertEquals(T1.toString(), row("daily").get("last_scheduled_time").asText());
        ledger.release(second);
        assertEquals(Optional.of(T1), ledger.last("daily"), "a second release changes nothing");
        // the time is free again: the next start's catch-up claims it
        assertEquals(Optional.of(T1), ledger.claim("daily", T2, CRON).orElseThrow().previous());

        // with nothing before it, a released claim leaves nothing recorded
        ledger.release(ledger.claim("weekly", T1, CRON).orElseThrow());
        assertEquals(Optional.empty(), ledger.last("weekly"));
        assertNull(row("weekly"));
    }
}
