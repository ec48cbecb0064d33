package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last scheduled time each scheduled rule has run for ({@code signalbox.schedules.table}, key
 * {@code rule_name}), so that a run missed while Signalbox was down is found at the next start ({@link CatchUp})
 * and so that one scheduled time runs once: a run first {@link #claim claims} its time, atomically, and only the
 * claim that wins publishes. That also holds when several instances share the table. Items: {@code rule_name},
 * {@code last_scheduled} (epoch milliseconds), {@code last_scheduled_time} (ISO-8601, for people),
 * {@code recorded_at}. Two adapters: {@link SqlScheduleLedger} (SQLite) and {@link DynamoDbScheduleLedger}.
 */
public interface ScheduleLedger {

    /** A won claim; {@code previous} is what it replaced, for {@link #release}. */
    record Claim(String rule, Instant time, Optional<Instant> previous) {
    }

    String table();

    /** The last scheduled time recorded for {@code rule}. */
    Optional<Instant> last(String rule);

    /**
     * Records {@code time} as {@code rule}'s last scheduled time if nothing is recorded or the recorded time is
     * at least {@code gap} before it; empty when a run at or after that time (less the gap) already holds it.
     */
    Optional<Claim> claim(String rule, Instant time, Duration gap);

    /** Undoes {@code claim} (its run could not be published), unless a later claim replaced it meanwhile. */
    void release(Claim claim);
}
