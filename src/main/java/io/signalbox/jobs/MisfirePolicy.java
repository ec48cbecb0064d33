package io.signalbox.jobs;

import java.util.Locale;

/**
 * What Signalbox does at start about a scheduled run that fell due while it was down
 * ({@code signalbox.schedules.misfire}). EventBridge never misses a run, so this only matters where Quartz
 * fires the schedules (profiles local and azure).
 */
public enum MisfirePolicy {
    /** Run it once now, however many runs were missed, with the latest missed time as the event's time. */
    RUN_ONCE("run-once"),
    /** Leave it: the next run is the next scheduled time. */
    SKIP("skip");

    private final String id;

    MisfirePolicy(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static MisfirePolicy of(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (MisfirePolicy p : values()) {
            if (p.id.equals(v)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown misfire policy '" + value + "' (signalbox.schedules.misfire): "
                + "expected run-once or skip");
    }
}
