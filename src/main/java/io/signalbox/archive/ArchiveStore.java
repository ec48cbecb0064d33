package io.signalbox.archive;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The archive table, in domain terms: writes of many archived events at once, and reads of a bus's key range a
 * page at a time (a replay's window, {@link ArchiveKeys#range}). Writing an event whose key is already stored
 * replaces it. Two adapters: {@link SqlArchiveStore} (SQLite) and {@link DynamoDbArchiveStore}.
 */
public interface ArchiveStore {

    /** The table's name, for messages. */
    String table();

    /**
     * The events one {@link #write} takes at most: what the engine does best in one request (DynamoDB: 25,
     * BatchWriteItem's limit; SQLite: far more, since one write is one statement per row in a shared commit).
     */
    int maxBatch();

    /**
     * Writes {@code batch} (at most {@link #maxBatch} events); answers the events of the batch that were not
     * written and may be written by trying again (DynamoDB's unprocessed items; the same instances), empty when
     * all were written. Fails when the write failed as a whole.
     */
    CompletableFuture<List<ArchivedEvent>> write(List<ArchivedEvent> batch);

    /**
     * Up to {@code limit} archived events of {@code bus} whose key lies in {@code range} (both ends included), in
     * key order, after the key {@code after} (null: from the first). A strongly consistent read.
     */
    CompletableFuture<ArchivePage> read(String bus, ArchiveKeys.KeyRange range, int limit, String after);
}
