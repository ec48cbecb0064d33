package io.signalbox.agents;

/**
 * The costs and targets inventory optimisation works with for one SKU.
 *
 * @param leadTimeDays           days from placing an order to having the stock (L); 0 or more
 * @param orderCost              fixed cost of placing one order (S); 0 or more
 * @param holdingCostPerUnitYear cost of holding one unit for a year (H); more than 0
 * @param serviceLevel           probability of not running out during a lead time (cycle service level), e.g.
 *                               0.95; from 0.5 (no safety stock) up to, not including, 1
 */
public record InventoryPolicy(double leadTimeDays, double orderCost, double holdingCostPerUnitYear,
        double serviceLevel) {

    public InventoryPolicy {
        if (!(leadTimeDays >= 0) || Double.isInfinite(leadTimeDays)) {
            throw new IllegalArgumentException("Lead time must be 0 days or more, not " + leadTimeDays);
        }
        if (!(orderCost >= 0) || Double.isInfinite(orderCost)) {
            throw new IllegalArgumentException("Order cost must be 0 or more, not " + orderCost);
        }
        if (!(holdingCostPerUnitYear > 0) || Double.isInfinite(holdingCostPerUnitYear)) {
            throw new IllegalArgumentException("Holding cost per unit per year must be more than 0, not "
                    + holdingCostPerUnitYear);
        }
        if (!(serviceLevel >= 0.5 && serviceLevel < 1)) {
            throw new IllegalArgumentException("Service level must be at least 0.5 and below 1 (e.g. 0.95), not "
                    + serviceLevel);
        }
    }

    /**
     * A policy whose holding cost is a yearly rate of the unit cost (the usual way to state it: 25 % a year of a
     * 12.00 unit is 3.00 per unit per year).
     */
    public static InventoryPolicy ofUnitCost(double unitCost, double holdingRatePerYear, double orderCost,
            double leadTimeDays, double serviceLevel) {
        if (!(unitCost > 0) || !(holdingRatePerYear > 0)) {
            throw new IllegalArgumentException("Unit cost and holding rate must be more than 0, not " + unitCost
                    + " and " + holdingRatePerYear);
        }
        return new InventoryPolicy(leadTimeDays, orderCost, unitCost * holdingRatePerYear, serviceLevel);
    }
}
