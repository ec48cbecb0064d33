package io.signalbox.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Puts many items, in batches the engine rewards (DynamoDB: BatchWriteItem of 25; SQL: one transaction for many),
 * with a bounded number of writes outstanding: {@link #put} blocks when the pipeline is full, so a fast producer
 * cannot queue unbounded work. Thread-safe; one per job run. {@link #flush} waits for everything and throws the
 * first failure.
 */
public interface ItemBatch {

    void put(String table, ObjectNode item);

    /** Writes what is buffered and waits for every write; throws the first failure. */
    void flush();

    /** Items written so far. */
    long written();
}
