package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.signalbox.agents.StockMovement;

/**
 * Where a job run's per-SKU work comes from, bound as {@code jobInputs}: the tables the order and inventory
 * processors write (their contract, kept exactly): demand from {@code orders} (order_id, items [{item_id, quantity,
 * price}], status, created_at ISO-8601 instant), the demand of an item on a day being the sum of its line quantities
 * over the orders created that UTC day; stock from {@code inventory} (item_id, quantity on hand, on_order absent =
 * 0); stock movements from {@code stock-movements} ({@link io.signalbox.inventory.MovementItems}). An order whose
 * {@code created_at} is not an instant is skipped (and counted in the log): it belongs to no day. Two adapters:
 * {@link SqlJobInputs} (SQLite) and {@link DynamoDbJobInputs}; a benchmark binds its own to feed generated history
 * through the same routes.
 */
public interface JobInputs {

    /**
     * One work item per SKU (sorted by SKU) with {@code days} days of demand ending {@code asOf}.
     *
     * @param onlySku null for every SKU, else just that one
     */
    List<SkuWork> load(LocalDate asOf, int days, String onlySku);

    /**
     * The stock movements per SKU from {@code from} to {@code to} (UTC days, both included), oldest first; none by
     * default (inputs without a movement record).
     *
     * @param onlySku null for every SKU, else just that one
     */
    default Map<String, List<StockMovement>> movements(LocalDate from, LocalDate to, String onlySku) {
        return Map.of();
    }
}
