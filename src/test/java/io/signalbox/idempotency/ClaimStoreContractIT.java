package io.signalbox.idempotency;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.idempotency.ClaimStore.Outcome;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import io.signalbox.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ClaimStore}: the same assertions on SQLite ({@link SqlClaimStore}) and DynamoDB ({@link DynamoDbClaimStore},
 * on moto, with group commit and background confirmations as production wires it). Time is a {@link ManualClock}
 * starting at real time (so the SQLite sweeper, on real time, never deletes a row mid-test).
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class ClaimStoreContractIT {

    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofMinutes(5);
    static final ResourceDeclarations.Table TABLE =
            new ResourceDeclarations.Table("idempotency-keys", "idempotency_key", null, "expires_at");

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    ManualClock clock;
    Instant t0;
    ClaimStore store;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(TABLE));
        t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        clock = new ManualClock(t0);
        String table = fixture.table("idempotency-keys");
        store = fixture.stores().choose(sql -> new SqlClaimStore(sql, table, RETENTION, LEASE, clock),
                ddb -> new DynamoDbClaimStore(ddb.sync(), ddb.async(), table, RETENTION, LEASE, clock, true));
        store.start();
    }

    @AfterEach
    void close() {
        store.stop();
        fixture.close();
    }

    private ObjectNode row(String key) {
        return fixture.stores().tables().get(fixture.table("idempotency-keys"), ItemKey.of(key)).join();
    }

    /**
     * Where a claim in progress is: DynamoDB stores it, as the item contract says, for every instance to see; SQLite's
     * database belongs to one process, which keeps it in memory (a crash forgets it), so the table holds no row.
     */
    private void assertClaimInProgress(String key, Instant leaseUntil) {
        assertEquals(ClaimStore.State.PROCESSING, store.state(key));
        ObjectNode item = row(key);
        if (engine == Stores.Engine.DYNAMODB) {
            assertEquals("processing", item.get("state").asText());
            assertEquals(leaseUntil.toEpochMilli(), item.get("lease_until").longValue());
        } else {
            assertTrue(item == null || !"processing".equals(item.get("state").asText()), String.valueOf(item));
        }
    }

    @Test
    void aClaimIsStoredAsTheItemContractSays() {
        ClaimStore.Claim claim = store.claim("ev-1");
        assertEquals(Outcome.CLAIMED, claim.outcome());
        assertEquals(t0.plus(LEASE), claim.leaseUntil());
        assertClaimInProgress("ev-1", t0.plus(LEASE));
        if (engine == Stores.Engine.DYNAMODB) {
            assertEquals(t0.plus(RETENTION).getEpochSecond(), row("ev-1").get("expires_at").longValue());
        }
        assertNull(store.state("ev-404"));
    }

    @Test
    void aConfirmedClaimsDuplicateIsDoneAndHasNoEffect() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-2").outcome());
        assertTrue(store.confirm("ev-2"));
        ObjectNode done = row("ev-2");
        assertEquals("done", done.get("state").asText());
        assertFalse(done.has("lease_until"));
        assertEquals(t0.plus(RETENTION).getEpochSecond(), done.get("expires_at").longValue());

        clock.advance(LEASE.plusMinutes(1)); // a done key is a duplicate however long after
        assertEquals(ClaimStore.Claim.DONE, store.claim("ev-2"));
        assertEquals(done, row("ev-2"), "the duplicate changed nothing");
        assertEquals(ClaimStore.State.DONE, store.state("ev-2"));
    }

    @Test
    void eightConcurrentClaimsOfOneKeyHaveExactlyOneWinnerAndTheOthersAreInProgress() throws Exception {
        List<Outcome> outcomes = claimTogether("ev-3", 8);
        assertEquals(1, outcomes.stream().filter(o -> o == Outcome.CLAIMED).count(), outcomes.toString());
        assertEquals(7, outcomes.stream().filter(o -> o == Outcome.IN_PROGRESS).count(), outcomes.toString());
    }

    @Test
    void anUnconfirmedClaimWithinItsLeaseIsInProgressNotDone() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-4").outcome());
        clock.advance(LEASE.minusSeconds(1));
        ClaimStore.Claim redelivery = store.claim("ev-4");
        assertEquals(Outcome.IN_PROGRESS, redelivery.outcome());
        assertEquals(t0.plus(LEASE), redelivery.leaseUntil(), "when the other attempt's lease ends");
        assertClaimInProgress("ev-4", t0.plus(LEASE));
    }

    @Test
    void afterItsLeaseLapsesAClaimIsTakenOver() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-5").outcome());
        clock.advance(LEASE.plusSeconds(1));
        ClaimStore.Claim takeover = store.claim("ev-5");
        assertEquals(Outcome.CLAIMED, takeover.outcome(), "the crashed attempt's claim is taken over");
        assertEquals(clock.instant().plus(LEASE), takeover.leaseUntil());
        assertClaimInProgress("ev-5", clock.instant().plus(LEASE));
        // the new claim holds its own lease
        assertEquals(Outcome.IN_PROGRESS, store.claim("ev-5").outcome());
    }

    @Test
    void aReleasedKeyIsClaimableAgain() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-6").outcome());
        store.release("ev-6");
        assertNull(store.state("ev-6"));
        assertNull(row("ev-6"));
        assertEquals(Outcome.CLAIMED, store.claim("ev-6").outcome());
        // a confirmation arriving after a release (the event was dead-lettered) does not bring the key back
        store.release("ev-6");
        assertFalse(store.confirm("ev-6"));
        assertNull(row("ev-6"));
    }

    @Test
    void anExpiredDoneKeyIsClaimableAgainBeforeItIsSwept() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-7").outcome());
        assertTrue(store.confirm("ev-7"));
        clock.advance(RETENTION.plusSeconds(2));
        assertEquals("done", row("ev-7").get("state").asText(), "still stored (not swept yet)");
        assertNull(store.state("ev-7"), "forgotten");
        assertEquals(Outcome.CLAIMED, store.claim("ev-7").outcome());
        assertClaimInProgress("ev-7", clock.instant().plus(LEASE));
    }

    @Test
    void aConfirmationOffThePathMakesTheKeyDone() {
        assertEquals(Outcome.CLAIMED, store.claim("ev-8").outcome());
        store.confirmLater("ev-8");
        await().atMost(Duration.ofSeconds(10)).until(() -> store.state("ev-8") == ClaimStore.State.DONE);
        assertEquals(ClaimStore.Claim.DONE, store.claim("ev-8"));
    }

    @Test
    void concurrentClaimsOfManyKeysEachHaveOneWinnerAndTakenKeysAreToldApart() throws Exception {
        // done keys, keys in progress and new keys, claimed together (on DynamoDB: group-committed transactions)
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            assertEquals(Outcome.CLAIMED, store.claim("done-" + i).outcome());
            assertTrue(store.confirm("done-" + i));
            assertEquals(Outcome.CLAIMED, store.claim("held-" + i).outcome());
            keys.add("done-" + i);
            keys.add("held-" + i);
        }
        for (int i = 0; i < 20; i++) {
            keys.add("new-" + i);
        }
        java.util.Collections.shuffle(keys);
        List<Outcome> outcomes = claimAll(store, keys);
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            Outcome expected = key.startsWith("done") ? Outcome.DONE : key.startsWith("held") ? Outcome.IN_PROGRESS
                    : Outcome.CLAIMED;
            assertEquals(expected, outcomes.get(i), key);
        }
    }

    /** {@code n} claims of one key, from {@code n} threads at once. */
    private List<Outcome> claimTogether(String key, int n) throws Exception {
        return claimAll(store, java.util.Collections.nCopies(n, key));
    }

    /** Claims every key from its own thread, all at once; the outcomes in the keys' order. */
    static List<Outcome> claimAll(ClaimStore store, List<String> keys) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (String key : keys) {
                results.add(pool.submit(() -> {
                    go.await();
                    return store.claim(key).outcome();
                }));
            }
            go.countDown();
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> r : results) {
                out.add(r.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
