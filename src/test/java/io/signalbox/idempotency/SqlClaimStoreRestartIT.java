package io.signalbox.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.signalbox.idempotency.ClaimStore.Outcome;
import io.signalbox.store.SqlDatabase;
import io.signalbox.testing.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store's start: the database belongs to one process, so the claims a previous process left in progress
 * (it died between claim and confirm) are released when the next one starts, without waiting out their lease; done
 * keys stay done, and claims made by this process are never released by a later start.
 */
class SqlClaimStoreRestartIT {

    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aRestartForgetsTheClaimsAPreviousProcessLeftInProgressAndKeepsDoneKeys() {
        Path file = dir.resolve("signalbox.db");
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), List.of(ClaimStoreContractIT.TABLE))) {
            SqlClaimStore crashed = new SqlClaimStore(db, "idempotency-keys", RETENTION, LEASE, clock);
            crashed.start();
            assertEquals(Outcome.CLAIMED, crashed.claim("ev-abandoned-1").outcome());
            assertEquals(Outcome.CLAIMED, crashed.claim("ev-abandoned-2").outcome());
            assertEquals(Outcome.CLAIMED, crashed.claim("ev-done").outcome());
            assertTrue(crashed.confirm("ev-done"));
            // within the process, another store on the database sees its claims: one map per table
            SqlClaimStore other = new SqlClaimStore(db, "idempotency-keys", RETENTION, LEASE, clock);
            assertEquals(Outcome.IN_PROGRESS, other.claim("ev-abandoned-1").outcome());
            // the process dies here: its two claims are never confirmed
        }

        clock.advance(Duration.ofSeconds(10)); // well within the lease
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), List.of(ClaimStoreContractIT.TABLE))) {
            SqlClaimStore next = new SqlClaimStore(db, "idempotency-keys", RETENTION, LEASE, clock);
            next.start();
            assertEquals(null, next.state("ev-abandoned-1"), "forgotten with the process that claimed it");
            assertEquals(Outcome.CLAIMED, next.claim("ev-abandoned-1").outcome(), "processed at once, not after the lease");
            assertEquals(Outcome.CLAIMED, next.claim("ev-abandoned-2").outcome());
            assertEquals(ClaimStore.Claim.DONE, next.claim("ev-done"), "a processed event is still a duplicate");

            // a later start of the same store (a route restarted) forgets nothing: these claims are this process's
            next.stop();
            next.start();
            assertEquals(Outcome.IN_PROGRESS, next.claim("ev-abandoned-1").outcome());
        }
    }
}
