package io.signalbox.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The repository against DynamoDB Local (the table Signalbox provisions from resources.yaml). */
class DynamoDbIdempotentRepositoryIT {

    private static final String TABLE = "idempotency-keys";
    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).start();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    private static DynamoDbIdempotentRepository repository(Clock clock) {
        return new DynamoDbIdempotentRepository(signalbox.dynamoDb(), null, TABLE, RETENTION, LEASE, clock);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aKeyIsClaimedOnceUntilRemoved() {
        DynamoDbIdempotentRepository repo = repository(Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        assertFalse(repo.contains(key));
        assertTrue(repo.add(key));
        assertFalse(repo.add(key), "second delivery is a duplicate");
        assertTrue(repo.contains(key));
        assertTrue(repo.confirm(key));
        assertFalse(repo.add(key));
        // a failed attempt releases the key so a redelivery is processed
        repo.remove(key);
        assertFalse(repo.contains(key));
        assertTrue(repo.add(key));
    }

    @Test
    void confirmDoesNotRecreateARemovedKey() {
        DynamoDbIdempotentRepository repo = repository(Clock.systemUTC());
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
        Map<String, AttributeValue> item = signalbox.dynamoDb().getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("idempotency_key", AttributeValue.builder().s(key).build()))).item();
        assertEquals(now.plus(RETENTION).getEpochSecond(), Long.parseLong(item.get("expires_at").n()));
        assertEquals("processing", item.get("state").s());
    }

    @Test
    void concurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        DynamoDbIdempotentRepository repo = repository(Clock.systemUTC());
        String key = UUID.randomUUID().toString();
        int contenders = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(contenders);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return repo.add(key);
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnconfirmedClaimIsTakenOverAfterItsLeaseButAConfirmedOneIsNot() {
        Instant t0 = Instant.parse("2026-11-22T12:00:00Z");
        String crashed = UUID.randomUUID().toString();
        assertTrue(repository(at(t0)).add(crashed));
        assertFalse(repository(at(t0.plus(LEASE).minusSeconds(1))).add(crashed), "lease still held");
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
        DynamoDbIdempotentRepository early = repository(at(t0));
        assertTrue(early.add(key));
        assertTrue(early.confirm(key));
        DynamoDbIdempotentRepository later = repository(at(t0.plus(RETENTION).plusSeconds(2)));
        assertFalse(later.contains(key));
        assertTrue(later.add(key));
    }

    // --- group commit: claims made together go in one TransactWriteItems ---

    private static DynamoDbIdempotentRepository groupCommitting() {
        DynamoDbIdempotentRepository repo = new DynamoDbIdempotentRepository(signalbox.dynamoDb(), null, TABLE,
                RETENTION, LEASE, Clock.systemUTC(), true);
        repo.start();
        return repo;
    }

    @Test
    void groupCommittedConcurrentClaimsOfOneKeyHaveExactlyOneWinner() throws Exception {
        DynamoDbIdempotentRepository repo = groupCommitting();
        try {
            String key = UUID.randomUUID().toString();
            assertEquals(List.of(true), winnersAmong(repo, Collections.nCopies(16, key)).stream()
                    .filter(Boolean::booleanValue).toList());
        } finally {
            repo.stop();
        }
    }

    @Test
    void groupCommitClaimsNewKeysAndRefusesTakenOnesInTheSameBatch() throws Exception {
        DynamoDbIdempotentRepository repo = groupCommitting();
        try {
            List<String> taken = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String key = UUID.randomUUID().toString();
                assertTrue(repo.add(key));
                taken.add(key);
            }
            List<String> keys = new ArrayList<>(taken);
            for (int i = 0; i < 40; i++) {
                keys.add(UUID.randomUUID().toString());
            }
            Collections.shuffle(keys);
            List<Boolean> results = winnersAmong(repo, keys);
            for (int i = 0; i < keys.size(); i++) {
                assertEquals(!taken.contains(keys.get(i)), results.get(i), keys.get(i));
            }
            // the batch went as transactions, taken keys told apart by the cancellation reasons, never one by one
            assertTrue(repo.claimTransactions() > 0);
            assertEquals(0, repo.claimFallbacks());
            // every new key is held, as a claim in progress, until its lease ends
            for (String key : keys) {
                assertTrue(repo.contains(key), key);
                assertFalse(repo.add(key), key);
            }
        } finally {
            repo.stop();
        }
    }

    /** Claims every key from its own thread, all at once; the results in the keys' order. */
    private static List<Boolean> winnersAmong(DynamoDbIdempotentRepository repo, List<String> keys) throws Exception {
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
                out.add(r.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
