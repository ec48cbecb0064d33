package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.List;

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
}
