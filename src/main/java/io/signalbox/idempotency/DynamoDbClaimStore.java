package io.signalbox.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.signalbox.store.DynamoItems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link ClaimStore} on a DynamoDB table, shared by every Signalbox instance.
 *
 * <p>{@link #claim} is a conditional put ({@link #CLAIM_CONDITION}): it succeeds only if the key is absent, expired
 * (its TTL passed but DynamoDB has not deleted it yet), or held by an attempt whose lease ran out (an instance that
 * crashed mid-processing). Two concurrent deliveries of one event race on the same condition, so only one takes
 * effect. A failed condition returns the item that failed it ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}),
 * which tells a processed key (done) from one another attempt holds (processing, within its lease). {@link #confirm}
 * marks the key done; {@link #release} deletes it so a redelivery is processed. Items carry a TTL attribute so
 * DynamoDB forgets keys after the retention.
 *
 * <p>With group commit, claims made while others are being written wait for them and then go together, up to
 * {@value #MAX_CLAIMS} in one TransactWriteItems (see {@link #claimTogether}): the same conditions, one request.
 *
 * <p>{@link #confirmLater} confirms off the event's path: confirmations are written in the background, 25 to a
 * BatchWriteItem, through the async client. A confirmation still queued when the process dies leaves the key claimed
 * until its lease runs out: redeliveries meanwhile are told the event is in progress and come back.
 */
public final class DynamoDbClaimStore implements ClaimStore {

    static final int MAX_BATCH = 25;
    static final long FLUSH_MILLIS = 20;
    /** Claims in one TransactWriteItems (DynamoDB's limit is 100). */
    static final int MAX_CLAIMS = 100;
    /**
     * A claim succeeds if the key is absent, expired, or held by an attempt whose lease ran out.
     */
    static final String CLAIM_CONDITION =
            "attribute_not_exists(#k) OR #e < :nowSeconds OR (#s = :processing AND #l < :nowMillis)";
    /** The attribute names in {@link #CLAIM_CONDITION}. */
    static final Map<String, String> CLAIM_NAMES = Map.of("#k", ClaimItems.KEY, "#e", ClaimItems.EXPIRES_AT,
            "#s", ClaimItems.STATE, "#l", ClaimItems.LEASE_UNTIL);
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbClaimStore.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;
    private final DynamoDbAsyncClient async;
    private final Queue<String> confirmations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile ScheduledExecutorService flusher;
    private final boolean groupCommit;
    private final BlockingQueue<PendingClaim> pendingClaims = new LinkedBlockingQueue<>();
    private final List<PendingClaim> deferred = new ArrayList<>();
    private volatile Thread claimer;
    private final AtomicLong claimTransactions = new AtomicLong();
    private final AtomicLong claimFallbacks = new AtomicLong();
    private final AtomicLong takenReads = new AtomicLong();

    /**
     * @param async     the client the background confirmations go through; null: {@link #confirmLater} confirms at once
     * @param retention how long a processed key is remembered (TTL; 24 h by default)
     * @param lease     how long an unconfirmed claim blocks other deliveries; longer than a processing attempt
     *                  and its redeliveries, so only a crashed attempt's claim is taken over
     */
    public DynamoDbClaimStore(DynamoDbClient dynamoDb, DynamoDbAsyncClient async, String table,
            Duration retention, Duration lease, Clock clock) {
        this(dynamoDb, async, table, retention, lease, clock, false);
    }

    /**
     * @param groupCommit claims made while others are being written go together in one TransactWriteItems
     *                    (one request instead of one each; DynamoDB bills a transactional write twice)
     */
    public DynamoDbClaimStore(DynamoDbClient dynamoDb, DynamoDbAsyncClient async, String table,
            Duration retention, Duration lease, Clock clock, boolean groupCommit) {
        this.groupCommit = groupCommit;
        this.dynamoDb = dynamoDb;
        this.async = async;
        this.table = table;
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public Claim claim(String key) {
        if (claimer == null) {
            return claimAlone(key, clock.millis());
        }
        PendingClaim claim = new PendingClaim(key, new CompletableFuture<>());
        pendingClaims.add(claim);
        try {
            return claim.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** One claim, one conditional put. */
    private Claim claimAlone(String key, long nowMillis) {
        Map<String, AttributeValue> item = claimItem(key, nowMillis);
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(CLAIM_CONDITION).expressionAttributeNames(CLAIM_NAMES)
                    .expressionAttributeValues(claimValues(nowMillis))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return claimed(item);
        } catch (ConditionalCheckFailedException e) {
            return taken(key, e.hasItem() ? e.item() : null);
        }
    }

    /**
     * What a claim met when its condition failed, from the item that failed it; read when DynamoDB did not return it.
     * A key gone by then was released meanwhile: it is in progress for this delivery, which comes back and claims it.
     */
    private Claim taken(String key, Map<String, AttributeValue> failedOn) {
        Map<String, AttributeValue> item = failedOn;
        if (item == null || item.isEmpty()) {
            takenReads.incrementAndGet();
            GetItemResponse read = dynamoDb.getItem(b -> b.tableName(table)
                    .key(Map.of(ClaimItems.KEY, s(key))).consistentRead(true));
            item = read.hasItem() ? read.item() : null;
        }
        return item == null || item.isEmpty() ? Claim.inProgress(null) : ClaimItems.taken(DynamoItems.item(item));
    }

    private static Claim claimed(Map<String, AttributeValue> item) {
        return Claim.claimed(Long.parseLong(item.get(ClaimItems.LEASE_UNTIL).n()));
    }

    /**
     * The claims waiting when the claimer gets to them, up to {@value #MAX_CLAIMS} in one TransactWriteItems:
     * each put keeps its own condition, and DynamoDB applies all of them or none. A cancelled transaction says
     * which conditions failed, with the item that failed each (those keys are taken: done or in progress); the
     * others are claimed again without them. A key twice in one batch waits for the next (a transaction may touch
     * an item once). A transaction that fails otherwise falls back to one conditional put per claim.
     */
    private void claimTogether(List<PendingClaim> batch) {
        long nowMillis = clock.millis();
        List<PendingClaim> claims = new ArrayList<>(batch.size());
        Set<String> keys = new HashSet<>();
        for (PendingClaim claim : batch) {
            if (keys.add(claim.key())) {
                claims.add(claim);
            } else {
                deferred.add(claim);
            }
        }
        while (!claims.isEmpty()) {
            if (claims.size() == 1) {
                complete(claims.get(0), () -> claimAlone(claims.get(0).key(), nowMillis));
                return;
            }
            List<TransactWriteItem> puts = new ArrayList<>(claims.size());
            List<Map<String, AttributeValue>> items = new ArrayList<>(claims.size());
            for (PendingClaim claim : claims) {
                Map<String, AttributeValue> item = claimItem(claim.key(), nowMillis);
                items.add(item);
                puts.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                        .conditionExpression(CLAIM_CONDITION).expressionAttributeNames(CLAIM_NAMES)
                        .expressionAttributeValues(claimValues(nowMillis))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
            }
            try {
                claimTransactions.incrementAndGet();
                dynamoDb.transactWriteItems(b -> b.transactItems(puts));
                for (int i = 0; i < claims.size(); i++) {
                    claims.get(i).result().complete(claimed(items.get(i)));
                }
                return;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() != claims.size()) {
                    oneByOne(claims, nowMillis);
                    return;
                }
                List<PendingClaim> again = new ArrayList<>(claims.size());
                for (int i = 0; i < claims.size(); i++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        PendingClaim claim = claims.get(i);
                        CancellationReason reason = reasons.get(i);
                        complete(claim, () -> taken(claim.key(), reason.hasItem() ? reason.item() : null));
                    } else {
                        again.add(claims.get(i));
                    }
                }
                if (again.size() == claims.size()) {
                    // cancelled for another reason (a conflicting transaction): one at a time
                    oneByOne(claims, nowMillis);
                    return;
                }
                claims.clear();
                claims.addAll(again);
            } catch (RuntimeException e) {
                LOG.debug("Claims as one transaction failed ({}); claiming one at a time", e.toString());
                oneByOne(claims, nowMillis);
                return;
            }
        }
    }

    /** The fallback: each claim its own conditional put. */
    private void oneByOne(List<PendingClaim> claims, long nowMillis) {
        claimFallbacks.incrementAndGet();
        claims.forEach(c -> complete(c, () -> claimAlone(c.key(), nowMillis)));
    }

    /** Transactions of claims written so far (group commit). */
    long claimTransactions() {
        return claimTransactions.get();
    }

    /** Times a batch of claims fell back to one conditional put each. */
    long claimFallbacks() {
        return claimFallbacks.get();
    }

    /** Claims whose failed condition did not come with the item, so that it was read. */
    long takenReads() {
        return takenReads.get();
    }

    private static void complete(PendingClaim claim, Supplier<Claim> attempt) {
        try {
            claim.result().complete(attempt.get());
        } catch (RuntimeException e) {
            claim.result().completeExceptionally(e);
        }
    }

    private void claimLoop() {
        List<PendingClaim> batch = new ArrayList<>(MAX_CLAIMS);
        while (!Thread.currentThread().isInterrupted()) {
            batch.clear();
            try {
                if (deferred.isEmpty()) {
                    batch.add(pendingClaims.take());
                } else {
                    batch.addAll(deferred);
                    deferred.clear();
                }
                pendingClaims.drainTo(batch, MAX_CLAIMS - batch.size());
                claimTogether(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                batch.forEach(c -> c.result().completeExceptionally(e));
            }
        }
        RuntimeException stopped = new IllegalStateException("The idempotency claims on " + table + " stopped");
        deferred.forEach(c -> c.result().completeExceptionally(stopped));
        deferred.clear();
        PendingClaim left;
        while ((left = pendingClaims.poll()) != null) {
            left.result().completeExceptionally(stopped);
        }
    }

    private Map<String, AttributeValue> claimItem(String key, long nowMillis) {
        return DynamoItems.attributes(ClaimItems.claim(key, nowMillis, lease, retention));
    }

    private static Map<String, AttributeValue> claimValues(long nowMillis) {
        return Map.of(":nowSeconds", n(nowMillis / 1000), ":processing", s(ClaimItems.PROCESSING),
                ":nowMillis", n(nowMillis));
    }

    private record PendingClaim(String key, CompletableFuture<Claim> result) {
    }

    @Override
    public State state(String key) {
        GetItemResponse item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(ClaimItems.KEY, s(key)))
                .consistentRead(true));
        return item.hasItem() && !item.item().isEmpty()
                ? ClaimItems.state(DynamoItems.item(item.item()), clock.millis()) : null;
    }

    @Override
    public void release(String key) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(ClaimItems.KEY, s(key))));
    }

    /** Queues the confirmation for the background writer (at once when there is none). */
    @Override
    public void confirmLater(String key) {
        if (async == null || flusher == null) {
            confirm(key);
            return;
        }
        confirmations.add(key);
    }

    /** Writes the queued confirmations, 25 to a request; returns when they are all written (or failed). */
    public void flush() {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        while (!confirmations.isEmpty()) {
            List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
            String next;
            while (batch.size() < MAX_BATCH && (next = confirmations.poll()) != null) {
                Map<String, AttributeValue> item = DynamoItems.attributes(ClaimItems.done(next, clock.millis(), retention));
                batch.add(WriteRequest.builder().putRequest(p -> p.item(item).build()).build());
            }
            writes.add(write(batch, 0));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    private CompletableFuture<?> write(List<WriteRequest> batch, int attempt) {
        inFlight.incrementAndGet();
        return async.batchWriteItem(b -> b.requestItems(Map.of(table, batch))).handle((response, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                LOG.warn("Could not confirm {} idempotency keys in {} ({}); they stay claimed until their lease ends",
                        batch.size(), table, error.getMessage());
                return null;
            }
            List<WriteRequest> unprocessed = response.unprocessedItems().getOrDefault(table, List.of());
            if (!unprocessed.isEmpty() && attempt < 5) {
                return write(unprocessed, attempt + 1).join();
            }
            return null;
        });
    }

    @Override
    public boolean confirm(String key) {
        try {
            // only a key still claimed: a key removed meanwhile (the event was dead-lettered) stays removed
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(ClaimItems.KEY, s(key)))
                    .updateExpression("SET #s = :done REMOVE #l")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#s", ClaimItems.STATE, "#l", ClaimItems.LEASE_UNTIL,
                            "#k", ClaimItems.KEY))
                    .expressionAttributeValues(Map.of(":done", s(ClaimItems.DONE))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public synchronized void start() {
        if (groupCommit && claimer == null) {
            claimer = new Thread(this::claimLoop, "idempotency-claims");
            claimer.setDaemon(true);
            claimer.start();
        }
        if (async != null && flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "idempotency-confirm");
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(() -> {
                try {
                    flush();
                } catch (RuntimeException e) {
                    LOG.warn("Confirming idempotency keys failed: {}", e.getMessage());
                }
            }, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (claimer != null) {
            claimer.interrupt();
            try {
                claimer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            claimer = null;
        }
        if (flusher != null) {
            flusher.shutdown();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flush();
            flusher = null;
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
