package io.signalbox.agents;

import java.time.LocalDate;

/**
 * One forecast day: expected demand and its prediction interval, all floored at 0 (demand is never negative).
 *
 * @param horizon days after the last day of history (1 is the next day)
 */
public record ForecastPoint(LocalDate date, int horizon, double mean, double lower, double upper) {
}
