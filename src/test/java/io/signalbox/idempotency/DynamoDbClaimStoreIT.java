package io.signalbox.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.signalbox.idempotency.ClaimStore.Outcome;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB adapter through the router's Camel repository ({@link ClaimRepository}), on moto: one conditional put
 * per claim, and group commit (claims made together go in one TransactWriteItems, taken keys told apart by the
 * cancellation reasons). The assertions of the former DynamoDbIdempotentRepositoryIT, with one change the issue asks
 * for: a redelivery that meets an unconfirmed claim within its lease is in progress (add fails), not a duplicate.
 */
class DynamoDbClaimStoreIT {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    static Path dir;
    static EngineFixture fixture;
    static String table;

    @BeforeAll
    static void open() {
        fixture = EngineFixture.open(Stores.Engine.DYNAMODB, dir, List.of(ClaimStoreContractIT.TABLE));
        table = fixture.table("idempotency-keys");
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static DynamoDbClient dynamoDb() {
        return fixture.stores().choose(sql -> null, Stores.DynamoDb::sync);
    }

    private static ClaimRepository repository(Clock clock) {
        return new ClaimRepository(new DynamoDbClaimStore(dynamoDb(), null, table, RETENTION, LEASE, clock));
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aKeyIsClaimedOnceUntilRemoved() {
        ClaimRepository repo = repository(Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        assertFalse(repo.contains(key));
        assertTrue(repo.add(key));
        EventInProgressException inProgress = assertThrows(EventInProgressException.class, () -> repo.add(key),
                "a second delivery while the first attempt holds the claim is not a duplicate");
        assertEquals(key, inProgress.key());
        assertTrue(inProgress.getMessage().contains(key) && inProgress.getMessage().contains(inProgress.leaseUntil().toString()),
                inProgress.getMessage());
        assertTrue(repo.contains(key));
        assertTrue(repo.confirm(key));
        assertFalse(repo.add(key), "once confirmed, a delivery is a duplicate");
        assertEquals(0, ((DynamoDbClaimStore) repo.store()).takenReads(), "told by the item the failed condition returned");
        // a failed attempt releases the key so a redelivery is processed
        repo.remove(key);
        assertFalse(repo.contains(key));
        assertTrue(repo.add(key));
    }

    @Test
    void confirmDoesNotRecreateARemovedKey() {
        ClaimRepository repo = repository(Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        assertTrue(repo.add(key));
        repo.remove(key); // dead-lettered
        assertFalse(repo.confirm(key));
        assertFalse(repo.contains(key));
    }

    @Test
    void itemCarriesItsTtl() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        String key = UUID.randomUUID().toString();
        assertTrue(repository(at(now)).add(key));
        Map<String, AttributeValue> item = dynamoDb().getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("idempotency_key", AttributeValue.builder().s(key).build()))).item();
        assertEquals(now.plus(RETENTION).getEpochSecond(), Long.parseLong(item.get("expires_at").n()));
        assertEquals(now.plus(LEASE).toEpochMilli(), Long.parseLong(item.get("lease_until").n()));
        assertEquals("processing", item.get("state").s());
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        ClaimRepository repo = repository(Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        List<Boolean> results = addAll(repo, Collections.nCopies(16, key));
        assertEquals(1, results.stream().filter(Boolean.TRUE::equals).count(), results.toString());
        assertEquals(15, results.stream().filter(r -> r == null).count(), "the others are in progress: " + results);
    }

    @Test
    void anUnconfirmedClaimIsTakenOverAfterItsLeaseButAConfirmedOneIsNot() {
        Instant t0 = Instant.parse("2026-11-22T12:00:00Z");
        String crashed = UUID.randomUUID().toString();
        assertTrue(repository(at(t0)).add(crashed));
        assertThrows(EventInProgressException.class, () -> repository(at(t0.plus(LEASE).minusSeconds(1))).add(crashed),
                "lease still held");
        assertTrue(repository(at(t0.plus(LEASE).plusSeconds(1))).add(crashed), "the crashed attempt's claim is taken over");

        String done = UUID.randomUUID().toString();
        assertTrue(repository(at(t0)).add(done));
        assertTrue(repository(at(t0)).confirm(done));
        assertFalse(repository(at(t0.plus(LEASE).plusSeconds(1))).add(done));
    }

    @Test
    void anExpiredKeyIsForgottenEvenBeforeDynamoDbDeletesIt() {
        Instant t0 = Instant.parse("2026-11-22T12:00:00Z");
        String key = UUID.randomUUID().toString();
        ClaimRepository early = repository(at(t0));
        assertTrue(early.add(key));
        assertTrue(early.confirm(key));
        ClaimRepository later = repository(at(t0.plus(RETENTION).plusSeconds(2)));
        assertFalse(later.contains(key));
        assertTrue(later.add(key));
    }

    // --- group commit: claims made together go in one TransactWriteItems ---

    private static DynamoDbClaimStore groupCommitting() {
        DynamoDbClaimStore store = new DynamoDbClaimStore(dynamoDb(), null, table, RETENTION, LEASE, Clock.systemUTC(), true);
        store.start();
        return store;
    }

    @Test
    void groupCommittedConcurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        DynamoDbClaimStore store = groupCommitting();
        try {
            String key = UUID.randomUUID().toString();
            List<Boolean> results = addAll(new ClaimRepository(store), Collections.nCopies(16, key));
            assertEquals(List.of(true), results.stream().filter(Boolean.TRUE::equals).toList());
            assertEquals(15, results.stream().filter(r -> r == null).count(), "the others are in progress: " + results);
        } finally {
            store.stop();
        }
    }

    @Test
    void groupCommitClaimsNewKeysAndRefusesTakenOnesInTheSameBatch() throws Exception {
        DynamoDbClaimStore store = groupCommitting();
        ClaimRepository repo = new ClaimRepository(store);
        try {
            List<String> held = new ArrayList<>();
            List<String> done = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = UUID.randomUUID().toString();
                assertTrue(repo.add(key));
                held.add(key);
                String confirmed = UUID.randomUUID().toString();
                assertTrue(repo.add(confirmed));
                assertTrue(repo.confirm(confirmed));
                done.add(confirmed);
            }
            List<String> keys = new ArrayList<>(held);
            keys.addAll(done);
            for (int i = 0; i < 40; i++) {
                keys.add(UUID.randomUUID().toString());
            }
            Collections.shuffle(keys);
            long transactionsBefore = store.claimTransactions();
            List<Outcome> results = ClaimStoreContractIT.claimAll(store, keys);
            for (int i = 0; i < keys.size(); i++) {
                String key = keys.get(i);
                Outcome expected = held.contains(key) ? Outcome.IN_PROGRESS : done.contains(key) ? Outcome.DONE
                        : Outcome.CLAIMED;
                assertEquals(expected, results.get(i), key);
            }
            // the batch went as transactions, taken keys told apart by the cancellation reasons, never one by one
            assertTrue(store.claimTransactions() > transactionsBefore);
            assertEquals(0, store.claimFallbacks());
            assertEquals(0, store.takenReads(), "each taken key told apart by the item its failed condition returned");
            // every new key is held, as a claim in progress, until its lease ends
            for (String key : keys) {
                assertTrue(repo.contains(key), key);
                if (!done.contains(key)) {
                    assertThrows(EventInProgressException.class, () -> repo.add(key), key);
                }
            }
        } finally {
            store.stop();
        }
    }

    /** Adds every key from its own thread, all at once: true, false, or null when the add failed as in progress. */
    private static List<Boolean> addAll(ClaimRepository repo, List<String> keys) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(keys.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (String key : keys) {
                results.add(pool.submit(() -> {
                    go.await();
                    return repo.add(key);
                }));
            }
            go.countDown();
            List<Boolean> out = new ArrayList<>();
            for (Future<Boolean> r : results) {
                try {
                    out.add(r.get());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof EventInProgressException)) {
                        throw e;
                    }
                    out.add(null);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
