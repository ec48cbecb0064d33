package io.signalbox.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Puts items with BatchWriteItem on the shared async client, 25 to a request (DynamoDB's limit), with at most
 * {@code maxInFlight} requests outstanding (a full pipeline blocks {@link #put}, so a fast producer cannot
 * queue unbounded work); items DynamoDB leaves unprocessed are retried with backoff. One writer per job run:
 * {@link #flush} waits for everything and reports the first failure.
 */
public final class BatchWriter {

    private static final int BATCH = 25;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbAsyncClient dynamoDb;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final List<Map.Entry<String, WriteRequest>> buffer = new ArrayList<>(BATCH);
    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong written = new AtomicLong();

    public BatchWriter(DynamoDbAsyncClient dynamoDb, int maxInFlight) {
        this.dynamoDb = dynamoDb;
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
    }

    public void put(String table, Map<String, AttributeValue> item) {
        List<Map.Entry<String, WriteRequest>> full = null;
        synchronized (buffer) {
            buffer.add(Map.entry(table, WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build()));
            if (buffer.size() >= BATCH) {
                full = new ArrayList<>(buffer);
                buffer.clear();
            }
        }
        if (full != null) {
            send(full);
        }
    }

    /** Sends what is buffered and waits for every request; throws the first failure. */
    public void flush() {
        List<Map.Entry<String, WriteRequest>> rest;
        synchronized (buffer) {
            rest = new ArrayList<>(buffer);
            buffer.clear();
        }
        if (!rest.isEmpty()) {
            send(rest);
        }
        List<CompletableFuture<Void>> all;
        synchronized (sent) {
            all = new ArrayList<>(sent);
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // recorded below
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("Writing job results to DynamoDB failed: " + t.getMessage(), t);
        }
    }

    /** Items written so far. */
    public long written() {
        return written.get();
    }

    private void send(List<Map.Entry<String, WriteRequest>> batch) {
        inFlight.acquireUninterruptibly();
        Map<String, List<WriteRequest>> byTable = new HashMap<>();
        batch.forEach(e -> byTable.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        CompletableFuture<Void> done = write(byTable, batch.size(), 1)
                .whenComplete((v, t) -> {
                    inFlight.release();
                    if (t != null) {
                        failure.compareAndSet(null, t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t);
                    }
                });
        synchronized (sent) {
            sent.add(done);
        }
    }

    private CompletableFuture<Void> write(Map<String, List<WriteRequest>> requests, int count, int attempt) {
        return dynamoDb.batchWriteItem(b -> b.requestItems(requests)).thenCompose(response -> {
            Map<String, List<WriteRequest>> left = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            int leftCount = left.values().stream().mapToInt(List::size).sum();
            written.addAndGet(count - leftCount);
            if (leftCount == 0) {
                return CompletableFuture.completedFuture(null);
            }
            if (attempt >= MAX_ATTEMPTS) {
                return CompletableFuture.failedFuture(new IllegalStateException(leftCount
                        + " item(s) still unprocessed after " + attempt + " BatchWriteItem attempts"));
            }
            long delay = Math.min(2000, 25L << attempt) + ThreadLocalRandom.current().nextLong(25);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> write(left, leftCount, attempt + 1));
        });
    }

    int maxInFlight() {
        return maxInFlight;
    }
}
