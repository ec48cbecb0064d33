package io.signalbox.jobs;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One SKU's share of a job run, as the split hands it to the agents: its daily demand (summed order lines, not
 * yet checked: a bad order line fails this SKU only, when the agents build its history) and its stock.
 *
 * @param demand     units per day from {@code start}, one value per day
 * @param onHand     stock on hand ({@code inventory.quantity}); 0 when the SKU has no inventory item
 * @param onOrder    stock on order ({@code inventory.on_order}, absent = 0)
 * @param stockKnown whether the SKU has an inventory item
 */
public record SkuWork(String sku, LocalDate start, double[] demand, double onHand, double onOrder, boolean stockKnown) {

    /**
     * One work item per SKU that has demand or stock, sorted by SKU: {@code demand} per SKU ({@code days} values
     * from {@code start}; none: all zero) and {@code stock} per SKU ({on hand, on order}; none: unknown).
     */
    static List<SkuWork> of(LocalDate start, int days, Map<String, double[]> demand, Map<String, double[]> stock) {
        TreeSet<String> skus = new TreeSet<>(demand.keySet());
        skus.addAll(stock.keySet());
        List<SkuWork> work = new ArrayList<>(skus.size());
        for (String sku : skus) {
            double[] values = demand.getOrDefault(sku, new double[days]);
            double[] position = stock.get(sku);
            work.add(position == null ? new SkuWork(sku, start, values, 0, 0, false)
                    : new SkuWork(sku, start, values, position[0], position[1], true));
        }
        return work;
    }

    /** The last day of demand. */
    public LocalDate asOf() {
        return start.plusDays(demand.length - 1L);
    }
}
