package io.signalbox.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Page;
import io.signalbox.store.SortCondition;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/**
 * {@link ArchiveStore} on SQLite: a batch is ONE write that upserts all its rows (so a batch is wholly written or,
 * failing, wholly absent, and shares its commit with whatever else the writer has waiting); a page is one range
 * query on the table's key ({@code bus = ? AND archived BETWEEN ? AND ?}, key order) on a reader.
 */
public final class SqlArchiveStore implements ArchiveStore {

    /**
     * Events one write takes at most. A row costs the writer a few microseconds, a write its savepoint and a
     * callback: larger batches are cheaper per event, and 500 rows still hold the writer only a few milliseconds.
     */
    static final int MAX_BATCH = 500;

    private final SqlDatabase db;
    private final SqlTable table;
    private final ArchiveSettings.ArchiveTable declared;

    public SqlArchiveStore(SqlDatabase db, ArchiveSettings.ArchiveTable table) {
        this.db = db;
        this.table = db.table(table.name());
        this.declared = table;
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public int maxBatch() {
        return MAX_BATCH;
    }

    @Override
    public CompletableFuture<List<ArchivedEvent>> write(List<ArchivedEvent> batch) {
        if (batch.size() > MAX_BATCH) {
            throw new IllegalArgumentException("An archive write takes at most " + MAX_BATCH + " events, not " + batch.size());
        }
        // the items are built here, on the caller's thread, so that the writer thread only binds and inserts
        List<ObjectNode> items = new ArrayList<>(batch.size());
        for (ArchivedEvent event : batch) {
            items.add(ArchiveItems.item(declared, event));
        }
        return db.write(s -> {
            for (ObjectNode item : items) {
                table.put(s, item);
            }
            return List.of();
        });
    }

    @Override
    public CompletableFuture<ArchivePage> read(String bus, ArchiveKeys.KeyRange range, int limit, String after) {
        // after a key of the range, the range's lower end is implied: leaving it out leaves SQLite ONE lower bound
        // to seek the key index to; given both (BETWEEN and > after), it seeks to the lower end and filters up to
        // after, so that each page of a long window would read every row before it
        boolean resumed = after != null && after.compareTo(range.lower()) >= 0;
        SortCondition condition = resumed ? SortCondition.of(SortCondition.Op.LE, range.upper())
                : SortCondition.between(range.lower(), range.upper());
        try {
            Page page = db.read(s -> table.query(s, bus, condition, limit, after == null ? null : ItemKey.of(bus, after),
                    true));
            List<ArchivedEvent> events = new ArrayList<>(page.items().size());
            for (ObjectNode item : page.items()) {
                events.add(ArchiveItems.event(declared, item));
            }
            return CompletableFuture.completedFuture(new ArchivePage(events, page.next() == null ? null : page.next().sort()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
