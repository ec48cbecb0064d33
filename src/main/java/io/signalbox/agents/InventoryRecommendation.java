package io.signalbox.agents;

/**
 * Inventory optimisation's answer for one SKU, with every figure it used so the result can be checked by hand.
 *
 * @param annualDemand      D = 365·d̄
 * @param eoq               economic order quantity √(2DS/H), unrounded
 * @param z                 the normal quantile of the service level
 * @param safetyStock       z·σ<sub>d</sub>·√L
 * @param reorderPoint      d̄·L + safety stock
 * @param inventoryPosition on hand + on order
 * @param reorder           true when the inventory position is at or below the reorder point (and demand is
 *                          expected at all)
 * @param orderQuantity     whole units to order when {@code reorder}, else 0
 */
public record InventoryRecommendation(String sku, double dailyMean, double dailySd, String demandBasis,
        double leadTimeDays, double orderCost, double holdingCostPerUnitYear, double serviceLevel,
        double annualDemand, double eoq, double z, double safetyStock, double reorderPoint, double onHand,
        double onOrder, double inventoryPosition, boolean reorder, long orderQuantity) {
}
