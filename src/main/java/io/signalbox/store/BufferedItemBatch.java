package io.signalbox.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What both engines' {@link ItemBatch} share: items gathered {@code batchSize} to a write, at most
 * {@code maxInFlight} writes outstanding ({@link #put} blocks while they are), the first failure kept for
 * {@link #flush}. The engine says how an item becomes a row of a write and how a write is made.
 *
 * @param <R> an item as the engine's write takes it
 */
abstract class BufferedItemBatch<R> implements ItemBatch {

    private final int batchSize;
    private final String engine;
    private final Semaphore inFlight;
    private final List<R> buffer;
    private final List<CompletableFuture<Void>> sent = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong written = new AtomicLong();

    BufferedItemBatch(int batchSize, int maxInFlight, String engine) {
        this.batchSize = batchSize;
        this.engine = engine;
        this.inFlight = new Semaphore(Math.max(1, maxInFlight));
        this.buffer = new ArrayList<>(batchSize);
    }

    /** {@code item} as a row of a write to {@code table}; a bad item (its key missing) is refused here. */
    abstract R row(String table, ObjectNode item);

    /** Writes {@code rows}; answers how many it wrote, or fails. */
    abstract CompletableFuture<Integer> write(List<R> rows);

    @Override
    public void put(String table, ObjectNode item) {
        R row = row(table, item);
        List<R> full = null;
        synchronized (buffer) {
            buffer.add(row);
            if (buffer.size() >= batchSize) {
                full = new ArrayList<>(buffer);
                buffer.clear();
            }
        }
        if (full != null) {
            send(full);
        }
    }

    private void send(List<R> rows) {
        inFlight.acquireUninterruptibly();
        CompletableFuture<Integer> write;
        try {
            write = write(rows);
        } catch (RuntimeException e) {
            write = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = write.handle((n, e) -> {
            inFlight.release();
            if (e == null) {
                written.addAndGet(n);
            } else {
                failure.compareAndSet(null, e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
            }
            return null;
        });
        synchronized (sent) {
            sent.add(done);
        }
    }

    @Override
    public void flush() {
        List<R> rest;
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
            sent.clear();
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Throwable t = failure.get();
        if (t != null) {
            throw new StoreException("Writing items to " + engine + " failed: " + t.getMessage(), t);
        }
    }

    @Override
    public long written() {
        return written.get();
    }
}
