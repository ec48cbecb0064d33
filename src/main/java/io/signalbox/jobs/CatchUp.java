package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The start-up decision for one scheduled rule, from the last scheduled time recorded for it (see
 * {@link ScheduleLedger}): a rule seen for the first time starts its record now and fires at its next
 * scheduled time; a rule whose latest scheduled time since the record has passed either runs once now or
 * skips it, as the {@link MisfirePolicy} says.
 */
public final class CatchUp {

    /** What to do at start. */
    public enum Action {
        /** No record yet: record {@code time} (now) and wait for the next scheduled time. */
        FIRST_SEEN,
        /** Nothing was missed since the record ({@code time}). */
        UP_TO_DATE,
        /** The run due at {@code time} was missed: fire it once now. */
        RUN_MISSED,
        /** The run due at {@code time} was missed and is skipped: record it as done without running it. */
        SKIP_MISSED
    }

    /**
     * @param time what the action is about (see {@link Action}); the schedule's next regular run is the first
     *             scheduled time after it
     */
    public record Decision(Action action, Instant time) {
    }

    private CatchUp() {
    }

    public static Decision atStart(ScheduleExpression schedule, Optional<Instant> last, Instant now,
            MisfirePolicy policy) {
        if (last.isEmpty()) {
            return new Decision(Action.FIRST_SEEN, now);
        }
        Optional<Instant> missed = schedule.latestFireBetween(last.get(), now);
        if (missed.isEmpty()) {
            return new Decision(Action.UP_TO_DATE, last.get());
        }
        return new Decision(policy == MisfirePolicy.RUN_ONCE ? Action.RUN_MISSED : Action.SKIP_MISSED, missed.get());
    }

    /**
     * How far apart two runs of {@code schedule} must be scheduled for the second to count as a new run: for
     * a cron schedule any later time; for a repeat interval the interval less a second, so that a timer that
     * restarted with Signalbox cannot run the job again before its time.
     */
    public static Duration minimumGap(ScheduleExpression schedule) {
        return schedule.repeatInterval().map(i -> i.minusSeconds(1)).filter(g -> !g.isNegative())
                .orElse(Duration.ofMillis(1));
    }
}
