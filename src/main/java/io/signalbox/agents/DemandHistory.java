package io.signalbox.agents;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One SKU's demand, one value per calendar day from {@code start}, oldest first (days without demand are 0, not
 * missing). The array is not copied, for speed: whoever builds a history hands it over and does not change it.
 *
 * @param sku    the SKU id
 * @param start  the date of {@code values[0]}
 * @param values units demanded per day; finite and not negative
 */
public record DemandHistory(String sku, LocalDate start, double[] values) {

    public DemandHistory {
        if (sku == null || sku.isBlank()) {
            throw new IllegalArgumentException("A demand history needs a SKU id");
        }
        Objects.requireNonNull(start, () -> "Demand history of " + sku + " has no start date");
        Objects.requireNonNull(values, () -> "Demand history of " + sku + " has no values");
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("Demand history of " + sku + " has demand " + v + " on "
                        + start.plusDays(i) + "; daily demand must be a finite number of units, 0 or more");
            }
        }
    }

    /** Number of days. */
    public int length() {
        return values.length;
    }

    /** The date of {@code values[index]}. */
    public LocalDate dateOf(int index) {
        return start.plusDays(index);
    }

    /** The last day of the history (the day before {@code start} when it is empty). */
    public LocalDate end() {
        return start.plusDays(values.length - 1L);
    }

    /** The last {@code days} days (all of them when the history is shorter), as a new history. */
    public DemandHistory lastDays(int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must be 0 or more, not " + days);
        }
        int from = Math.max(0, values.length - days);
        return new DemandHistory(sku, start.plusDays(from), Arrays.copyOfRange(values, from, values.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemandHistory h && sku.equals(h.sku) && start.equals(h.start)
                && Arrays.equals(values, h.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sku, start, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "DemandHistory[" + sku + ", " + start + ", " + values.length + " days]";
    }
}
