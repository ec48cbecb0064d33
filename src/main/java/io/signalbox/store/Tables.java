package io.signalbox.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;

/**
 * The declared tables as items (plain JSON), in either engine: {@link SqlTables} (SQLite, profile local) or
 * {@link DynamoDbTables} (DynamoDB, profile aws). What every capability's store shares — reading an item, a page of a
 * table, a key range of a partition; putting items, alone or in batches — and what the admin table API and the
 * DynamoDB-compatible read API serve. Conditional writes and transactions belong to each capability's own store.
 */
public interface Tables {

    /** The declared tables, in the order of {@code resources.yaml}. */
    List<ResourceDeclarations.Table> tables();

    /** The declared table {@code name}; {@link UnknownTableException} when there is none. */
    default ResourceDeclarations.Table table(String name) {
        return tables().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownTableException(name, tables().stream().map(ResourceDeclarations.Table::name).toList()));
    }

    /** The number of items in {@code table} (DynamoDB: its ItemCount, which DynamoDB refreshes every few hours). */
    CompletableFuture<Long> count(String table);

    /** The item under {@code key} (a strongly consistent read), or null. */
    CompletableFuture<ObjectNode> get(String table, ItemKey key);

    /** The items under {@code keys} that exist, by key. */
    CompletableFuture<Map<ItemKey, ObjectNode>> getAll(String table, Collection<ItemKey> keys);

    /** Up to {@code limit} items after {@code start} (null: from the first); SQL: in key order. */
    CompletableFuture<Page> scan(String table, int limit, ItemKey start);

    /**
     * Up to {@code limit} items of one partition whose sort key meets {@code condition} (null: all), in sort key
     * order ({@code forward}) or the reverse, after {@code start}.
     */
    CompletableFuture<Page> query(String table, String partition, SortCondition condition, int limit, ItemKey start,
            boolean forward);

    /** Puts {@code item}, replacing any with its key. */
    CompletableFuture<Void> put(String table, ObjectNode item);

    /** Puts {@code item} unless one with its key exists; answers whether it did. */
    CompletableFuture<Boolean> putIfAbsent(String table, ObjectNode item);

    /** Deletes the item under {@code key}, if any. */
    CompletableFuture<Void> delete(String table, ItemKey key);

    /** A writer of many items for one job (results, demo data), {@code maxInFlight} writes outstanding at most. */
    ItemBatch batch(int maxInFlight);
}
