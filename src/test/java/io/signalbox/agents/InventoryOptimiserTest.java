package io.signalbox.agents;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EOQ, safety stock, reorder point and the reorder decision against textbook numbers. */
class InventoryOptimiserTest {

    private static final double Z95 = 1.6448536269514722;
    private final InventoryOptimiser optimiser = new InventoryOptimiser();

    /** Heizer and Render's Sharp, Inc.: D = 1,000 a year, S = $10 an order, H = $0.50 a unit-year: EOQ 200. */
    @Test
    void eoqOfTheTextbookExample() {
        assertEquals(200, InventoryOptimiser.eoq(1000, 10, 0.5), 1e-9);
        // and the classic: D = 12,000, S = 50, H = 3 (25 % of $12) → √400,000 = 632.46
        assertEquals(632.4555320336759, InventoryOptimiser.eoq(12000, 50, 3), 1e-9);
    }

    /**
     * d̄ = 20 a day, σ = 10 a day, L = 4 days, 95 %: safety stock 1.6449 · 10 · √4 = 32.90; reorder point
     * 20 · 4 + 32.90 = 112.90. D = 365 · 20 = 7,300 a year, S = 25, H = 2: EOQ = √(2 · 7300 · 25 / 2) = 427.20.
     */
    @Test
    void safetyStockAndReorderPointOfAWorkedExample() {
        InventoryRecommendation r = optimiser.optimise("SKU-1", new DemandRate(20, 10, "given"),
                new InventoryPolicy(4, 25, 2, 0.95), new StockPosition("SKU-1", 150, 0));
        assertEquals(Z95, r.z(), 1e-8);
        assertEquals(32.897072539029, r.safetyStock(), 1e-6);
        assertEquals(112.897072539029, r.reorderPoint(), 1e-6);
        assertEquals(7300, r.annualDemand(), 1e-9);
        assertEquals(427.2001872658765, r.eoq(), 1e-9);
        assertEquals(150, r.inventoryPosition());
        assertFalse(r.reorder(), "150 on hand is above the reorder point");
        assertEquals(0, r.orderQuantity());
        assertEquals("given", r.demandBasis());
    }

    /** Heizer and Render's reorder point without safety stock: 32 units a day (8,000 over 250 days), 3 days: 96. */
    @Test
    void reorderPointWithoutUncertaintyIsLeadTimeDemand() {
        InventoryRecommendation r = optimiser.optimise("SKU-2", new DemandRate(32, 0, "given"),
                new InventoryPolicy(3, 10, 0.5, 0.95), new StockPosition("SKU-2", 96, 0));
        assertEquals(0, r.safetyStock());
        assertEquals(96, r.reorderPoint(), 1e-9);
        assertTrue(r.reorder(), "at the reorder point is a reorder");
    }

    @Test
    void onOrderCountsTowardsThePosition() {
        InventoryPolicy policy = new InventoryPolicy(4, 25, 2, 0.95);
        DemandRate rate = new DemandRate(20, 10, "given");
        assertTrue(optimiser.optimise("S", rate, policy, new StockPosition("S", 60, 0)).reorder());
        InventoryRecommendation covered = optimiser.optimise("S", rate, policy, new StockPosition("S", 60, 400));
        assertEquals(460, covered.inventoryPosition());
        assertFalse(covered.reorder());
    }

    @Test
    void ordersTheEoqRoundedUpWhenThatLiftsThePositionAboveTheReorderPoint() {
        InventoryRecommendation r = optimiser.optimise("S", new DemandRate(20, 10, "given"),
                new InventoryPolicy(4, 25, 2, 0.95), new StockPosition("S", 100, 0));
        assertTrue(r.reorder());
        assertEquals(428, r.orderQuantity(), "EOQ 427.2 rounded up");
    }

    @Test
    void ordersEnoughToLiftThePositionAboveTheReorderPointWhenTheEoqIsNot() {
        // EOQ = √(2·7300·1/2) = 85.4, but 300 are backordered: the position −300 needs 112.9 + 300 → 413
        InventoryRecommendation r = optimiser.optimise("S", new DemandRate(20, 10, "given"),
                new InventoryPolicy(4, 1, 2, 0.95), new StockPosition("S", -300, 0));
        assertEquals(85.44003745317531, r.eoq(), 1e-9);
        assertEquals(413, r.orderQuantity());
        assertTrue(r.inventoryPosition() + r.orderQuantity() > r.reorderPoint());
    }

    @Test
    void noDemandNoReorder() {
        InventoryRecommendation r = optimiser.optimise("S", new DemandRate(0, 0, "given"),
                new InventoryPolicy(4, 25, 2, 0.95), new StockPosition("S", 0, 0));
        assertEquals(0, r.eoq());
        assertEquals(0, r.reorderPoint());
        assertFalse(r.reorder());
    }

    @Test
    void higherServiceMeansMoreSafetyStock() {
        DemandRate rate = new DemandRate(20, 10, "given");
        StockPosition stock = new StockPosition("S", 0, 0);
        double s95 = optimiser.optimise("S", rate, new InventoryPolicy(9, 25, 2, 0.95), stock).safetyStock();
        double s99 = optimiser.optimise("S", rate, new InventoryPolicy(9, 25, 2, 0.99), stock).safetyStock();
        assertEquals(Z95 * 10 * 3, s95, 1e-6);
        assertEquals(2.3263478740408408 * 10 * 3, s99, 1e-6);
    }

    @Test
    void holdingCostFromAUnitCostAndAYearlyRate() {
        InventoryPolicy p = InventoryPolicy.ofUnitCost(12, 0.25, 50, 7, 0.95);
        assertEquals(3, p.holdingCostPerUnitYear(), 1e-12);
    }

    /** History 10 12 14 16 18 (last 5 days): mean 14, sample sd √(40/4) = 3.1623. */
    @Test
    void demandRateFromHistory() {
        DemandHistory h = new DemandHistory("S", LocalDate.of(2026, 1, 1), new double[] {100, 10, 12, 14, 16, 18});
        DemandRate r = DemandRate.fromHistory(h, 5);
        assertEquals(14, r.dailyMean(), 1e-12);
        assertEquals(Math.sqrt(10), r.dailySd(), 1e-12);
        assertEquals("history, last 5 days", r.basis());
    }

    @Test
    void demandRateFromForecastAveragesTheLeadTime() {
        LocalDate d = LocalDate.of(2026, 1, 1);
        Forecast f = new Forecast("S", ForecastModel.HOLT, 0.3, 0.1, 0, 0, 100, 2, 1.5, 2.5, 10, 1, 0.95,
                List.of(new ForecastPoint(d, 1, 10, 5, 15), new ForecastPoint(d.plusDays(1), 2, 20, 10, 30),
                        new ForecastPoint(d.plusDays(2), 3, 30, 15, 45)));
        DemandRate two = DemandRate.fromForecast(f, 1.5);
        assertEquals(15, two.dailyMean(), 1e-12, "a lead time of 1.5 days covers 2 forecast days");
        assertEquals(2.5, two.dailySd());
        assertEquals("forecast, next 2 days", two.basis());
        assertEquals(20, DemandRate.fromForecast(f, 30).dailyMean(), 1e-12, "at most the horizon");
    }

    @Test
    void refusesImpossiblePolicies() {
        assertEquals("Holding cost per unit per year must be more than 0, not 0.0",
                assertThrows(IllegalArgumentException.class, () -> new InventoryPolicy(4, 25, 0, 0.95)).getMessage());
        assertEquals("Service level must be at least 0.5 and below 1 (e.g. 0.95), not 95.0",
                assertThrows(IllegalArgumentException.class, () -> new InventoryPolicy(4, 25, 2, 95)).getMessage());
        assertEquals("Lead time must be 0 days or more, not -1.0",
                assertThrows(IllegalArgumentException.class, () -> new InventoryPolicy(-1, 25, 2, 0.95)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DemandRate(-1, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new StockPosition("S", 1, -2));
    }
}
