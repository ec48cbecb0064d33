package io.signalbox.agents;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo catalogue is reproducible and looks like a business: weekly patterns, trends, stock, anomalies. */
class DemoCatalogueTest {

    private static final LocalDate END = LocalDate.of(2026, 3, 8);

    @Test
    void theSameSeedGivesTheSameCatalogueAndSkuIDoesNotDependOnTheSize() {
        DemoCatalogue a = DemoCatalogue.generate(99, 20, END, 200);
        DemoCatalogue b = DemoCatalogue.generate(99, 20, END, 200);
        assertEquals(a, b);
        DemoCatalogue bigger = DemoCatalogue.generate(99, 40, END, 200);
        assertEquals(a.skus(), bigger.skus().subList(0, 20));
        assertNotEquals(a.skus(), DemoCatalogue.generate(100, 20, END, 200).skus());
    }

    @Test
    void skusHaveIdsNamesCategoriesCostsAndAFullHistory() {
        DemoCatalogue demo = DemoCatalogue.generate(1, 200, END, 365);
        Set<String> ids = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (DemoSku s : demo.skus()) {
            assertTrue(ids.add(s.sku()), "unique " + s.sku());
            assertTrue(s.sku().matches("SKU-\\d{5}"), s.sku());
            assertTrue(!s.name().isBlank() && s.unitCost() > 0, s.toString());
            categories.add(s.category());
            assertEquals(365, s.demand().length());
            assertEquals(END, s.demand().end());
            assertEquals(s.sku(), s.demand().sku());
            assertTrue(s.stock().onHand() >= 0 && s.stock().onOrder() >= 0, s.stock().toString());
            for (double v : s.demand().values()) {
                assertEquals(Math.rint(v), v, "whole units");
            }
        }
        assertEquals(8, categories.size());
    }

    /** Office supplies sell on weekdays; summed over the catalogue, their Sunday is far below their Monday. */
    @Test
    void demandHasTheWeeklyPatternOfItsCategory() {
        DemoCatalogue demo = DemoCatalogue.generate(1, 200, END, 364);
        double monday = 0;
        double sunday = 0;
        for (DemoSku s : demo.skus()) {
            if (!s.category().equals("Office supplies")) {
                continue;
            }
            for (int t = 0; t < s.demand().length(); t++) {
                DayOfWeek d = s.demand().dateOf(t).getDayOfWeek();
                monday += d == DayOfWeek.MONDAY ? s.demand().values()[t] : 0;
                sunday += d == DayOfWeek.SUNDAY ? s.demand().values()[t] : 0;
            }
        }
        assertTrue(monday > 0);
        assertEquals(0.65 / 1.2, sunday / monday, 0.05, "the category's Sunday/Monday ratio");
    }

    @Test
    void plantsDemandAnomaliesAtKnownDatesSomeInTheLastWeekAndWriteOffs() {
        DemoCatalogue demo = DemoCatalogue.generate(3, 300, END, 365);
        int demand = 0;
        int lastWeek = 0;
        int writeOffs = 0;
        for (DemoSku s : demo.skus()) {
            for (PlantedAnomaly p : s.planted()) {
                int t = (int) s.demand().start().until(p.date(), java.time.temporal.ChronoUnit.DAYS);
                if (p.subject() == AnomalySubject.DEMAND) {
                    demand++;
                    assertEquals(p.value(), s.demand().values()[t], "the history holds the planted value");
                    assertTrue(t >= 182, "planted after half a year of history: " + p);
                } else {
                    writeOffs++;
                    assertTrue(s.movements().stream().anyMatch(m -> m.date().equals(p.date())
                            && m.quantity() == p.value() && m.kind() == MovementKind.ADJUSTMENT), p.toString());
                }
                lastWeek += p.date().isAfter(END.minusDays(7)) ? 1 : 0;
            }
        }
        assertTrue(demand > 50 && demand < 200, demand + " demand anomalies in 300 SKUs");
        assertTrue(lastWeek > 20, lastWeek + " in the last week");
        assertTrue(writeOffs > 5, writeOffs + " write-offs");
        assertEquals(List.of(), DemoCatalogue.generate(3, 300, END, 365, false).skus().stream()
                .flatMap(s -> s.planted().stream()).toList());
    }

    /** Stock run with a weekly review leaves a good share of SKUs at or below their reorder point. */
    @Test
    void someSkusNeedReorderingAndMostDoNot() {
        DemoCatalogue demo = DemoCatalogue.generate(4, 200, END, 365);
        DemandForecaster forecaster = new DemandForecaster();
        InventoryOptimiser optimiser = new InventoryOptimiser();
        int reorder = 0;
        for (DemoSku s : demo.skus()) {
            Forecast f = forecaster.forecast(s.demand());
            reorder += optimiser.optimise(s.sku(), DemandRate.fromForecast(f, s.policy().leadTimeDays()), s.policy(),
                    s.stock()).reorder() ? 1 : 0;
        }
        assertTrue(reorder > 20 && reorder < 120, reorder + " of 200 to reorder");
    }

    @Test
    void shortHistoriesWork() {
        DemoCatalogue demo = DemoCatalogue.generate(5, 10, END, 10);
        demo.skus().forEach(s -> assertEquals(10, s.demand().length()));
        assertTrue(demo.skus().stream().allMatch(s -> s.planted().stream()
                .allMatch(p -> p.subject() == AnomalySubject.STOCK_MOVEMENT)), "no room for demand plants");
    }
}
