package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The start-up decision for a scheduled rule, from its last recorded run, and the misfire policies. */
class CatchUpTest {

    private static final ScheduleExpression DAILY = ScheduleExpression.parse("cron(0 2 * * ? *)");
    private static final Instant NOW = Instant.parse("2024-01-15T10:30:00Z");

    @Test
    void aRuleSeenForTheFirstTimeStartsItsRecordNowAndRunsNothing() {
        assertEquals(new CatchUp.Decision(CatchUp.Action.FIRST_SEEN, NOW),
                CatchUp.atStart(DAILY, Optional.empty(), NOW, MisfirePolicy.RUN_ONCE));
    }

    @Test
    void nothingDueSinceTheLastRunIsUpToDate() {
        Instant last = Instant.parse("2024-01-15T02:00:00Z");
        assertEquals(new CatchUp.Decision(CatchUp.Action.UP_TO_DATE, last),
                CatchUp.atStart(DAILY, Optional.of(last), NOW, MisfirePolicy.RUN_ONCE));
    }

    @Test
    void runsMissedWhileDownRunOnceWithTheLatestMissedTime() {
        // down from just after the 12th's run: the 13th, 14th and 15th were missed, one run makes up for them
        Instant last = Instant.parse("2024-01-12T02:00:00Z");
        assertEquals(new CatchUp.Decision(CatchUp.Action.RUN_MISSED, Instant.parse("2024-01-15T02:00:00Z")),
                CatchUp.atStart(DAILY, Optional.of(last), NOW, MisfirePolicy.RUN_ONCE));
    }

    @Test
    void underSkipAMissedRunIsRecordedAsDoneWithoutRunning() {
        Instant last = Instant.parse("2024-01-12T02:00:00Z");
        assertEquals(new CatchUp.Decision(CatchUp.Action.SKIP_MISSED, Instant.parse("2024-01-15T02:00:00Z")),
                CatchUp.atStart(DAILY, Optional.of(last), NOW, MisfirePolicy.SKIP));
    }

    @Test
    void anIntervalIsMissedOnceItHasPassedSinceTheLastRun() {
        ScheduleExpression every7 = ScheduleExpression.parse("rate(7 minutes)");
        assertEquals(CatchUp.Action.UP_TO_DATE, CatchUp.atStart(every7, Optional.of(NOW.minusSeconds(6 * 60)), NOW,
                MisfirePolicy.RUN_ONCE).action());
        assertEquals(new CatchUp.Decision(CatchUp.Action.RUN_MISSED, NOW.minusSeconds(20 * 60).plusSeconds(14 * 60)),
                CatchUp.atStart(every7, Optional.of(NOW.minusSeconds(20 * 60)), NOW, MisfirePolicy.RUN_ONCE));
    }

    @Test
    void twoRunsMustBeAtLeastTheIntervalLessASecondApartAndCronRunsAnyLaterTime() {
        assertEquals(Duration.ofMillis(1), CatchUp.minimumGap(DAILY));
        assertEquals(Duration.ofMillis(1), CatchUp.minimumGap(ScheduleExpression.parse("rate(5 minutes)")));
        assertEquals(Duration.ofSeconds(7 * 60 - 1), CatchUp.minimumGap(ScheduleExpression.parse("rate(7 minutes)")));
    }

    @Test
    void misfirePoliciesAreReadByName() {
        assertEquals(MisfirePolicy.RUN_ONCE, MisfirePolicy.of("run-once"));
        assertEquals(MisfirePolicy.SKIP, MisfirePolicy.of(" SKIP "));
        assertEquals("Unknown misfire policy 'fire-all' (signalbox.schedules.misfire): expected run-once or skip",
                assertThrows(IllegalArgumentException.class, () -> MisfirePolicy.of("fire-all")).getMessage());
    }
}
