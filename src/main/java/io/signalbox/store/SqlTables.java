package io.signalbox.store;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;

/**
 * {@link Tables} on the SQLite database: reads on a reader connection, on the caller's thread (microseconds;
 * the answer is a completed future), writes through the group-committing writer.
 */
public final class SqlTables implements Tables {

    /** Items one write of a batch holds: one savepoint, many rows. */
    static final int BATCH_ROWS = 200;

    private final SqlDatabase db;

    public SqlTables(SqlDatabase db) {
        this.db = db;
    }

    public SqlDatabase database() {
        return db;
    }

    /** The declared tables and those the SQL adapters keep beside them ({@link SqlDatabase#declare}). */
    @Override
    public List<ResourceDeclarations.Table> tables() {
        return db.tables().stream().map(SqlTable::declaration).toList();
    }

    @Override
    public CompletableFuture<Long> count(String table) {
        SqlTable t = db.table(table);
        return read(() -> db.read(t::count));
    }

    @Override
    public CompletableFuture<ObjectNode> get(String table, ItemKey key) {
        SqlTable t = db.table(table);
        return read(() -> db.read(s -> t.get(s, key)));
    }

    @Override
    public CompletableFuture<Map<ItemKey, ObjectNode>> getAll(String table, Collection<ItemKey> keys) {
        SqlTable t = db.table(table);
        return read(() -> db.read(s -> {
            Map<ItemKey, ObjectNode> found = new LinkedHashMap<>();
            for (ItemKey key : keys) {
                ObjectNode item = t.get(s, key);
                if (item != null) {
                    found.put(key, item);
                }
            }
            return found;
        }));
    }

    @Override
    public CompletableFuture<Page> scan(String table, int limit, ItemKey start) {
        SqlTable t = db.table(table);
        return read(() -> db.read(s -> t.scan(s, limit, start)));
    }

    @Override
    public CompletableFuture<Page> query(String table, String partition, SortCondition condition, int limit,
            ItemKey start, boolean forward) {
        SqlTable t = db.table(table);
        return read(() -> db.read(s -> t.query(s, partition, condition, limit, start, forward)));
    }

    @Override
    public CompletableFuture<Void> put(String table, ObjectNode item) {
        SqlTable t = db.table(table);
        t.keyOf(item);
        return db.write(s -> {
            t.put(s, item);
            return null;
        });
    }

    @Override
    public CompletableFuture<Boolean> putIfAbsent(String table, ObjectNode item) {
        SqlTable t = db.table(table);
        t.keyOf(item);
        return db.write(s -> t.insertIfAbsent(s, item));
    }

    @Override
    public CompletableFuture<Void> delete(String table, ItemKey key) {
        SqlTable t = db.table(table);
        return db.write(s -> {
            t.delete(s, key);
            return null;
        });
    }

    @Override
    public ItemBatch batch(int maxInFlight) {
        return new Batch(maxInFlight);
    }

    /** A read's answer as a completed future; a bad argument (a key without its sort key) is thrown at once. */
    private static <T> CompletableFuture<T> read(java.util.function.Supplier<T> read) {
        try {
            return CompletableFuture.completedFuture(read.get());
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Rows gathered {@value #BATCH_ROWS} to a write; the writer commits several writes together. */
    private final class Batch extends BufferedItemBatch<Map.Entry<SqlTable, ObjectNode>> {

        Batch(int maxInFlight) {
            super(BATCH_ROWS, maxInFlight, "SQLite");
        }

        @Override
        Map.Entry<SqlTable, ObjectNode> row(String table, ObjectNode item) {
            SqlTable t = db.table(table);
            t.keyOf(item);
            return Map.entry(t, item);
        }

        @Override
        CompletableFuture<Integer> write(List<Map.Entry<SqlTable, ObjectNode>> rows) {
            return db.write(s -> {
                for (Map.Entry<SqlTable, ObjectNode> row : rows) {
                    row.getKey().put(s, row.getValue());
                }
                return rows.size();
            });
        }
    }
}
