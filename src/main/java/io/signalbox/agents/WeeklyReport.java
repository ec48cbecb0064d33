package io.signalbox.agents;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The weekly supply report: every SKU's stock, forecast, reorder status and anomalies of the week, SKUs needing
 * attention first. {@link WeeklyReportJson} and {@link WeeklyReportHtml} render it.
 *
 * @param weekStart   first day of the week reported (a Monday when built by {@link #of})
 * @param weekEnd     last day of the week reported
 * @param generatedAt when the report was made
 * @param summary     the week in numbers
 * @param skus        one per SKU, in attention order (see {@link #of})
 */
public record WeeklyReport(LocalDate weekStart, LocalDate weekEnd, Instant generatedAt, Summary summary,
        List<SkuReport> skus) {

    /**
     * The week in numbers.
     *
     * @param skuCount          SKUs in the report
     * @param reorderCount      SKUs to reorder now
     * @param unitsToOrder      units recommended across them
     * @param highAnomalies     high-severity anomalies in the week
     * @param mediumAnomalies   medium-severity anomalies in the week
     * @param skusWithAnomalies SKUs with at least one anomaly
     * @param skusWithoutForecast SKUs whose forecast is missing (the agent failed for them)
     */
    public record Summary(int skuCount, int reorderCount, long unitsToOrder, int highAnomalies, int mediumAnomalies,
            int skusWithAnomalies, int skusWithoutForecast) {
    }

    public WeeklyReport {
        skus = List.copyOf(skus);
    }

    /**
     * The report of the seven days ending {@code weekEnd}: anomalies outside them are dropped, and SKUs are
     * ordered by attention — a high anomaly first, then a reorder, then a medium anomaly, then the rest; within
     * each, the fewest days of demand the stock covers above its reorder point first, then by SKU id.
     */
    public static WeeklyReport of(LocalDate weekEnd, Instant generatedAt, List<SkuReport> skus) {
        LocalDate weekStart = weekEnd.minusDays(6);
        List<SkuReport> week = new ArrayList<>(skus.size());
        for (SkuReport s : skus) {
            List<Anomaly> inWeek = s.anomalies().stream()
                    .filter(a -> !a.date().isBefore(weekStart) && !a.date().isAfter(weekEnd))
                    .sorted(Comparator.comparing(Anomaly::date))
                    .toList();
            week.add(new SkuReport(s.sku(), s.name(), s.category(), s.recentDemand(), s.forecast(), s.inventory(),
                    inWeek));
        }
        week.sort(Comparator.comparingInt(WeeklyReport::attentionGroup).thenComparingDouble(WeeklyReport::cover)
                .thenComparing(SkuReport::sku));
        int reorder = 0;
        long units = 0;
        int high = 0;
        int medium = 0;
        int withAnomalies = 0;
        int withoutForecast = 0;
        for (SkuReport s : week) {
            if (s.needsReorder()) {
                reorder++;
                units += s.inventory().orderQuantity();
            }
            high += (int) s.countOf(AnomalySeverity.HIGH);
            medium += (int) s.countOf(AnomalySeverity.MEDIUM);
            withAnomalies += s.anomalies().isEmpty() ? 0 : 1;
            withoutForecast += s.forecast() == null ? 1 : 0;
        }
        return new WeeklyReport(weekStart, weekEnd, generatedAt,
                new Summary(week.size(), reorder, units, high, medium, withAnomalies, withoutForecast), week);
    }

    /** 0 high anomaly, 1 reorder, 2 medium anomaly, 3 nothing to see. */
    static int attentionGroup(SkuReport s) {
        if (s.countOf(AnomalySeverity.HIGH) > 0) {
            return 0;
        }
        if (s.needsReorder()) {
            return 1;
        }
        return s.anomalies().isEmpty() ? 3 : 2;
    }

    /** Whether a SKU needs a person's attention this week: a reorder or an anomaly. */
    static boolean needsAttention(SkuReport s) {
        return attentionGroup(s) < 3;
    }

    /** Days of demand the inventory position covers above the reorder point (infinite when unknown). */
    private static double cover(SkuReport s) {
        InventoryRecommendation r = s.inventory();
        if (r == null) {
            return Double.POSITIVE_INFINITY;
        }
        return (r.inventoryPosition() - r.reorderPoint()) / Math.max(r.dailyMean(), 1e-9);
    }
}
