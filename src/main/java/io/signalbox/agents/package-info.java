/**
 * The supply-chain agents' domain logic in plain Java (no Camel, no AWS): demand forecasting
 * ({@link io.signalbox.agents.DemandForecaster}), inventory optimisation
 * ({@link io.signalbox.agents.InventoryOptimiser}), anomaly detection ({@link io.signalbox.agents.AnomalyDetector}),
 * the weekly report ({@link io.signalbox.agents.WeeklyReport}, rendered by {@link io.signalbox.agents.WeeklyReportJson}
 * and {@link io.signalbox.agents.WeeklyReportHtml}) and a seeded demo catalogue
 * ({@link io.signalbox.agents.DemoCatalogue}).
 *
 * <p>Inputs and outputs are immutable records so the Camel routes can carry them, store them in DynamoDB and put
 * them in events without knowing the maths. All classes here are thread-safe: an instance holds only its settings.
 */
package io.signalbox.agents;
