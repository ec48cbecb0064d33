package io.signalbox.agents;

import java.util.List;

/**
 * One SKU's week in the {@link WeeklyReport}. Any of forecast and inventory may be null when that agent failed for
 * the SKU; the report says so instead of leaving the SKU out.
 *
 * @param name           product name, or null
 * @param category       product category, or null
 * @param recentDemand   the demand history the chart draws (the report draws its last weeks)
 * @param forecast       the latest forecast, or null
 * @param inventory      the latest inventory recommendation (stock, reorder point, decision), or null
 * @param anomalies      the week's anomalies, oldest first
 */
public record SkuReport(String sku, String name, String category, DemandHistory recentDemand, Forecast forecast,
        InventoryRecommendation inventory, List<Anomaly> anomalies) {

    public SkuReport {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("A SKU report needs a SKU id");
        }
        anomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
    }

    /** Whether inventory optimisation says to reorder now. */
    public boolean needsReorder() {
        return inventory != null && inventory.reorder();
    }

    /** The week's anomalies of one severity. */
    public long countOf(AnomalySeverity severity) {
        return anomalies.stream().filter(a -> a.severity() == severity).count();
    }
}
