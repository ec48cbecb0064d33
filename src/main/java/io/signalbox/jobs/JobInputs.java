package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.signalbox.agents.StockMovement;

/**
 * Where a job run's per-SKU work comes from: {@link SupplyChainData} (the orders and inventory tables), bound as
 * {@code jobInputs}; a benchmark binds its own to feed generated history through the same routes.
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
