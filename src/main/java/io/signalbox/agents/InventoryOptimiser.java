package io.signalbox.agents;

/**
 * Inventory optimisation for one SKU: the continuous-review (s, Q) policy of the textbooks.
 *
 * <ul>
 *   <li>EOQ = √(2DS/H), D = 365·d̄ the annual demand, S the order cost, H the holding cost per unit per year;</li>
 *   <li>safety stock = z·σ<sub>d</sub>·√L, z the normal quantile of the service level, L the lead time in days
 *       (independent daily demands);</li>
 *   <li>reorder point = d̄·L + safety stock;</li>
 *   <li>reorder when on hand + on order ≤ reorder point. The quantity is the EOQ rounded up to whole units, or,
 *       when that would still leave the position at or below the reorder point (a position far below it, or an
 *       EOQ smaller than the lead-time demand), the smallest whole quantity that lifts it above: an order that
 *       does not restore the position would only trigger another one at once.</li>
 * </ul>
 * A SKU with no expected demand (d̄ = 0 and reorder point 0) is never reordered.
 */
public final class InventoryOptimiser {

    static final double DAYS_PER_YEAR = 365;

    public InventoryRecommendation optimise(String sku, DemandRate demand, InventoryPolicy policy,
            StockPosition stock) {
        double d = demand.dailyMean();
        double sd = demand.dailySd();
        double lead = policy.leadTimeDays();
        double annual = DAYS_PER_YEAR * d;
        double eoq = eoq(annual, policy.orderCost(), policy.holdingCostPerUnitYear());
        double z = NormalQuantile.inverseCdf(policy.serviceLevel());
        double safety = safetyStock(z, sd, lead);
        double rop = d * lead + safety;
        double position = stock.inventoryPosition();
        boolean reorder = position <= rop && rop > 0;
        long quantity = 0;
        if (reorder) {
            long toLift = (long) Math.floor(rop - position) + 1;
            quantity = Math.max((long) Math.ceil(eoq - 1e-9), toLift);
        }
        return new InventoryRecommendation(sku, d, sd, demand.basis(), lead, policy.orderCost(),
                policy.holdingCostPerUnitYear(), policy.serviceLevel(), annual, eoq, z, safety, rop, stock.onHand(),
                stock.onOrder(), position, reorder, quantity);
    }

    /** √(2DS/H). */
    public static double eoq(double annualDemand, double orderCost, double holdingCostPerUnitYear) {
        return Math.sqrt(2 * annualDemand * orderCost / holdingCostPerUnitYear);
    }

    /** z·σ<sub>d</sub>·√L. */
    public static double safetyStock(double z, double dailySd, double leadTimeDays) {
        return z * dailySd * Math.sqrt(leadTimeDays);
    }
}
