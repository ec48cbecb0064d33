package io.signalbox.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbox.deadletter.DeadLetterRoutes;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Camel {@link IdempotentRepository} on a DynamoDB table, shared by every Signalbox instance.
 *
 * <p>{@link #add} claims a key with a conditional put: it succeeds only if the key is absent, expired (its
 * TTL passed but DynamoDB has not deleted it yet), or held by an attempt whose lease ran out (an instance
 * that crashed mid-processing). Two concurrent deliveries of one event race on the same condition, so only
 * one takes effect. {@link #confirm} marks the key done; {@link #remove} (processing failed) deletes it so a
 * redelivery is processed. Items carry a TTL attribute so DynamoDB forgets keys after the retention.
 *
 * <p>The idempotent consumer confirms a key after the exchange completed, off the event's path: confirmations
 * are written in the background, 25 to a BatchWriteItem, through the async client. A confirmation still
 * queued when the process dies leaves the key claimed until its lease runs out, which only matters if the
 * same event is delivered again after that. An exchange whose message was dead-lettered is not confirmed
 * (its key was released so that a replay is processed).
 */
public final class DynamoDbIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String KEY = "idempotency_key";
    static final String STATE = "state";
    static final String LEASE_UNTIL = "lease_until";
    static final String EXPIRES_AT = "expires_at";
    static final String PROCESSING = "processing";
    static final String DONE = "done";
    static final int MAX_BATCH = 25;
    static final long FLUSH_MILLIS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbIdempotentRepository.class);

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;
    private final DynamoDbAsyncClient async;
    private final Queue<String> confirmations = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private ScheduledExecutorService flusher;

    /**
     * @param retention how long a processed key is remembered (TTL; 24 h by default)
     * @param lease     how long an unconfirmed claim blocks other deliveries; longer than a processing attempt
     *                  and its redeliveries, so only a crashed attempt's claim is taken over
     */
    public DynamoDbIdempotentRepository(DynamoDbClient dynamoDb, DynamoDbAsyncClient async, String table,
            Duration retention, Duration lease, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.async = async;
        this.table = table;
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
    }

    public String table() {
        return table;
    }

    @Override
    public boolean add(String key) {
        long nowMillis = clock.millis();
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s(key), STATE, s(PROCESSING),
                            LEASE_UNTIL, n(nowMillis + lease.toMillis()),
                            EXPIRES_AT, n(nowMillis / 1000 + retention.toSeconds())))
                    .conditionExpression("attribute_not_exists(#k) OR #e < :nowSeconds OR (#s = :processing AND #l < :nowMillis)")
                    .expressionAttributeNames(Map.of("#k", KEY, "#e", EXPIRES_AT, "#s", STATE, "#l", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(nowMillis / 1000), ":processing", s(PROCESSING),
                            ":nowMillis", n(nowMillis))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        GetItemResponse item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(key))).consistentRead(true));
        if (!item.hasItem()) {
            return false;
        }
        AttributeValue expires = item.item().get(EXPIRES_AT);
        return expires == null || Long.parseLong(expires.n()) >= clock.millis() / 1000;
    }

    @Override
    public boolean remove(String key) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(key))));
        return true;
    }

    /** Queues the confirmation for the background writer, unless the exchange was dead-lettered. */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        if (exchange != null && exchange.getProperty(DeadLetterRoutes.DEAD_LETTERED, false, Boolean.class)) {
            return false;
        }
        if (async == null || flusher == null) {
            return confirm(key);
        }
        confirmations.add(key);
        return true;
    }

    /** Writes the queued confirmations, 25 to a request; returns when they are all written (or failed). */
    public void flush() {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        while (!confirmations.isEmpty()) {
            List<WriteRequest> batch = new ArrayList<>(MAX_BATCH);
            String next;
            while (batch.size() < MAX_BATCH && (next = confirmations.poll()) != null) {
                String key = next;
                batch.add(WriteRequest.builder().putRequest(p -> p.item(Map.of(KEY, s(key), STATE, s(DONE),
                        EXPIRES_AT, n(clock.millis() / 1000 + retention.toSeconds()))).build()).build());
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
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(key)))
                    .updateExpression("SET #s = :done REMOVE #l")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#s", STATE, "#l", LEASE_UNTIL, "#k", KEY))
                    .expressionAttributeValues(Map.of(":done", s(DONE))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("Clearing the shared idempotency table " + table
                + " is not supported: delete the table's items with the AWS CLI if you must");
    }

    @Override
    protected void doStart() {
        if (async != null) {
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
    protected void doStop() {
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
