package io.signalbox.archive;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Page;
import io.signalbox.store.SortCondition;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlSession;
import io.signalbox.store.SqlTable;

/**
 * {@link ArchiveStore} on SQLite: a batch is ONE write that upserts all its rows (so a batch is wholly written or,
 * failing, wholly absent, and shares its commit with whatever else the writer has waiting); a page is one range
 * query on the table's key ({@code bus = ? AND archived BETWEEN ? AND ?}, key order) on a reader.
 *
 * <p>The archive is the busiest table there is (every accepted event), and the one writer thread is what every
 * store shares, so a batch costs the writer as little as it can: the rows' JSON is written before the write is
 * queued (on the archive's thread), and the rows go in {@value #ROWS_PER_STATEMENT} to an {@code INSERT}, which
 * halves the writer's time per row against one statement per row. The rows are those {@link SqlTable} reads: the
 * key columns, {@code item} (the whole item as JSON) and the TTL column.
 */
public final class SqlArchiveStore implements ArchiveStore {

    /**
     * Events one write takes at most. A row costs the writer microseconds, a write its savepoint and a callback:
     * larger batches are cheaper per event, and 500 rows still hold the writer only a few milliseconds.
     */
    static final int MAX_BATCH = 500;
    /** Rows one INSERT statement carries; the rest of a batch goes in statements of 10 and of 1. */
    static final int ROWS_PER_STATEMENT = 50;

    private final SqlDatabase db;
    private final SqlTable table;
    private final ArchiveSettings.ArchiveTable declared;
    /** The upsert of n rows, for n = 50, 10 and 1. */
    private final String upsert50;
    private final String upsert10;
    private final String upsert1;

    public SqlArchiveStore(SqlDatabase db, ArchiveSettings.ArchiveTable table) {
        this.db = db;
        this.table = db.table(table.name());
        this.declared = table;
        this.upsert50 = upsert(table, ROWS_PER_STATEMENT);
        this.upsert10 = upsert(table, 10);
        this.upsert1 = upsert(table, 1);
    }

    /** {@code INSERT ... VALUES (?, ?, ?, ?) x rows ON CONFLICT (key) DO UPDATE}: a re-written event replaces its row. */
    static String upsert(ArchiveSettings.ArchiveTable table, int rows) {
        String pk = quote(table.partitionKey());
        String sk = quote(table.sortKey());
        String ttl = quote(table.ttlAttribute());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(table.name())).append(" (").append(pk)
                .append(", ").append(sk).append(", item, ").append(ttl).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?)");
        }
        return sql.append(" ON CONFLICT (").append(pk).append(", ").append(sk).append(") DO UPDATE SET item = excluded.item, ")
                .append(ttl).append(" = excluded.").append(ttl).toString();
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
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
        String[] items = new String[batch.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = ArchiveItems.json(declared, batch.get(i));
        }
        return db.write(s -> {
            int i = 0;
            while (i < items.length) {
                int left = items.length - i;
                int rows = left >= ROWS_PER_STATEMENT ? ROWS_PER_STATEMENT : left >= 10 ? 10 : 1;
                i = insert(s, rows == ROWS_PER_STATEMENT ? upsert50 : rows == 10 ? upsert10 : upsert1, batch, items, i, rows);
            }
            return List.of();
        });
    }

    private static int insert(SqlSession session, String sql, List<ArchivedEvent> batch, String[] items, int from,
            int rows) throws SQLException {
        PreparedStatement statement = session.prepare(sql);
        int p = 1;
        for (int i = from; i < from + rows; i++) {
            ArchivedEvent event = batch.get(i);
            statement.setString(p++, event.bus());
            statement.setString(p++, event.key());
            statement.setString(p++, items[i]);
            statement.setLong(p++, event.expiresAt());
        }
        statement.executeUpdate();
        return from + rows;
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
