package io.signalbox.admin;

import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.Page;
import io.signalbox.store.Tables;
import io.signalbox.store.UnknownTableException;

/**
 * The admin API's view of the tables, in either engine: every declared table with its item count, a page of a
 * table's items as plain JSON with the key to continue from, one item by its key. Answers JSON; a table or key that
 * does not exist is a {@link NotFound}, a bad {@code limit} or {@code start} an {@link IllegalArgumentException}.
 */
public final class TableBrowser {

    /** Items a page holds when the request names no {@code limit}. */
    public static final int DEFAULT_LIMIT = 25;
    /** The most items one page holds. */
    public static final int MAX_LIMIT = 1000;

    /** The table or item asked for does not exist (404). */
    public static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private final Tables tables;
    private final String engine;

    public TableBrowser(Tables tables, String engine) {
        this.tables = tables;
        this.engine = engine;
    }

    /** {@code GET /admin/tables}: each table, its keys and its item count. */
    public String list() {
        ObjectNode root = Items.object();
        root.put("engine", engine);
        ArrayNode list = root.putArray("tables");
        for (ResourceDeclarations.Table t : tables.tables()) {
            ObjectNode node = list.addObject().put("name", t.name()).put("partition_key", t.partitionKey());
            if (t.sortKey() != null) {
                node.put("sort_key", t.sortKey());
            }
            if (t.ttlAttribute() != null) {
                node.put("ttl_attribute", t.ttlAttribute());
            }
            node.put("items", join(tables.count(t.name())));
        }
        return Items.write(root);
    }

    /**
     * {@code GET /admin/tables/{table}?limit=&start=}: up to {@code limit} items after the key {@code start}
     * ({@code pk} or {@code pk/sk}, as {@code next} gives it), and {@code next} when more may follow.
     */
    public String page(String table, String limit, String start) {
        ResourceDeclarations.Table t = table(table);
        int n = limit(limit);
        ItemKey from = start == null || start.isEmpty() ? null : ItemKey.parse(start, t.sortKey() != null);
        Page page = join(tables.scan(t.name(), n, from));
        ObjectNode root = Items.object();
        root.put("table", t.name());
        root.put("count", page.items().size());
        ArrayNode items = root.putArray("items");
        page.items().forEach(items::add);
        if (page.next() != null) {
            root.put("next", page.next().toString());
        } else {
            root.putNull("next");
        }
        return Items.write(root);
    }

    /** {@code GET /admin/tables/{table}/items/{pk}[/{sk}]}: the item, as plain JSON. */
    public String item(String table, String partition, String sort) {
        ResourceDeclarations.Table t = table(table);
        if (t.sortKey() != null && (sort == null || sort.isEmpty())) {
            throw new IllegalArgumentException("Table " + t.name() + " is keyed by " + t.partitionKey() + " and "
                    + t.sortKey() + ": ask for /items/<" + t.partitionKey() + ">/<" + t.sortKey() + ">");
        }
        if (t.sortKey() == null && sort != null) {
            throw new IllegalArgumentException("Table " + t.name() + " is keyed by " + t.partitionKey()
                    + " alone: ask for /items/<" + t.partitionKey() + ">");
        }
        ItemKey key = ItemKey.of(partition, sort);
        ObjectNode item = join(tables.get(t.name(), key));
        if (item == null) {
            throw new NotFound("No item with key " + key + " in table " + t.name());
        }
        return Items.write(item);
    }

    private ResourceDeclarations.Table table(String name) {
        try {
            return tables.table(name);
        } catch (UnknownTableException e) {
            throw new NotFound(e.getMessage());
        }
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit.trim());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limit + "'");
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
