package io.signalbox.agents;

import java.time.LocalDate;

/**
 * An anomaly {@link DemoCatalogue} put into its data on purpose, so a demo run and the tests know what should
 * be found.
 *
 * @param expected    the value the generator's own model had for that day (for a movement: typical daily sales)
 * @param value       the value planted instead
 * @param severity    the severity it is sized for
 * @param description what it stands for, e.g. "promotion nobody announced", "stock-out"
 */
public record PlantedAnomaly(AnomalySubject subject, LocalDate date, double expected, double value,
        AnomalySeverity severity, String description) {
}
