package io.signalbox.jobs;

import java.time.Duration;
import java.util.function.Function;

import io.signalbox.agents.ForecastSettings;
import io.signalbox.agents.InventoryPolicy;

/**
 * How the supply-chain agent jobs run ({@code signalbox.jobs.*}): where their data and results live, how far
 * they fan out, and the agents' settings. Every default is in {@code application.properties}; a missing or
 * malformed key fails start-up by name.
 *
 * @param parallelism     SKUs analysed at once in a run (the split's thread pool)
 * @param historyDays     days of demand history each SKU is analysed over, ending the day before the run (UTC)
 * @param lease           a run's lease on its job ({@link JobLease}), renewed every third of it while the run lasts
 * @param commandQueue    the queue commands arrive on; a failed SKU goes to its DLQ as a command narrowed to it
 * @param reportsTarget   {@code file} (a directory) or {@code s3} (a bucket)
 * @param movementsTable  the stock movements the anomaly and report jobs score; null: none
 */
public record AgentSettings(String ordersTable, String inventoryTable, String forecastsTable,
        String recommendationsTable, String anomaliesTable, String runsTable, String insightsTable, int parallelism,
        int historyDays, ForecastSettings forecast, InventoryPolicy policy, Duration lease, String commandQueue,
        String reorderSource, String reorderBus, String reportsTarget, String reportsDir, String reportsBucket,
        String reportsPrefix, int reportMaxCharts, int writeConcurrency, String movementsTable) {

    /** Reads the settings through {@code property} (null for an absent key). */
    public static AgentSettings from(Function<String, String> property) {
        Reader r = new Reader(property);
        String target = r.get("signalbox.jobs.reports.target");
        if (!target.equals("file") && !target.equals("s3")) {
            throw new IllegalStateException("signalbox.jobs.reports.target is '" + target
                    + "': expected file (signalbox.jobs.reports.dir) or s3 (signalbox.jobs.reports.s3-bucket)");
        }
        // target s3 without a bucket fails the report job's runs, with the reason, not the whole start-up
        String bucket = r.optional("signalbox.jobs.reports.s3-bucket");
        try {
            return new AgentSettings(r.get("signalbox.jobs.orders-table"), r.get("signalbox.jobs.inventory-table"),
                    r.get("signalbox.jobs.forecasts-table"), r.get("signalbox.jobs.recommendations-table"),
                    r.get("signalbox.jobs.anomalies-table"), r.get("signalbox.jobs.runs-table"),
                    r.get("signalbox.jobs.insights-table"), r.positive("signalbox.jobs.parallelism"),
                    r.positive("signalbox.jobs.history-days"),
                    new ForecastSettings(r.positive("signalbox.jobs.forecast.horizon-days"),
                            r.decimal("signalbox.jobs.forecast.interval-level"), 7),
                    new InventoryPolicy(r.decimal("signalbox.jobs.optimisation.lead-time-days"),
                            r.decimal("signalbox.jobs.optimisation.order-cost"),
                            r.decimal("signalbox.jobs.optimisation.holding-cost-per-unit-year"),
                            r.decimal("signalbox.jobs.optimisation.service-level")),
                    Duration.ofSeconds(r.positive("signalbox.jobs.lease-seconds")),
                    r.get("signalbox.jobs.command-queue"), r.get("signalbox.jobs.reorder.source"),
                    r.optional("signalbox.jobs.reorder.bus"), target, r.get("signalbox.jobs.reports.dir"), bucket,
                    r.optional("signalbox.jobs.reports.s3-prefix") == null ? ""
                            : r.optional("signalbox.jobs.reports.s3-prefix"),
                    r.positive("signalbox.jobs.reports.max-charts"), r.positive("signalbox.jobs.write-concurrency"),
                    r.optional("signalbox.jobs.movements-table"));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Invalid signalbox.jobs settings: " + e.getMessage(), e);
        }
    }

    private record Reader(Function<String, String> property) {
        String optional(String key) {
            String v = property.apply(key);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String get(String key) {
            String v = optional(key);
            if (v == null) {
                throw new IllegalStateException("Property " + key + " is not set");
            }
            return v;
        }

        int positive(String key) {
            String v = get(key);
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Property " + key + " must be a whole number of at least 1, not '" + v + "'");
            }
        }

        double decimal(String key) {
            String v = get(key);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Property " + key + " must be a number, not '" + v + "'");
            }
        }
    }
}
