package io.signalbox.jobs;

import java.time.LocalDate;

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

    /** The last day of demand. */
    public LocalDate asOf() {
        return start.plusDays(demand.length - 1L);
    }
}
