package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quartz.CronExpression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * EventBridge schedule expressions: what is refused and why, the Quartz translation, and the UTC fire times
 * the translation gives (checked against dates worked out by hand from a calendar, not against Quartz's own
 * arithmetic). 2024-01-15 is a Monday; 2024 is a leap year.
 */
class ScheduleExpressionTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    /** The next {@code n} fire times after {@code from}. */
    private static List<Instant> fires(String expression, String from, int n) {
        ScheduleExpression s = ScheduleExpression.parse(expression);
        List<Instant> out = new ArrayList<>();
        Instant at = t(from);
        for (int i = 0; i < n; i++) {
            at = s.nextFireAfter(at).orElseThrow();
            out.add(at);
        }
        return out;
    }

    private static List<Instant> times(String... iso) {
        return java.util.Arrays.stream(iso).map(Instant::parse).toList();
    }

    private static String refused(String expression) {
        return assertThrows(InvalidScheduleExpressionException.class, () -> ScheduleExpression.parse(expression))
                .getMessage();
    }

    // ------------------------------------------------------------------ the four jobs of issue 4 / seed 000

    @Test
    void theDailyForecastingJobRunsAt0200Utc() {
        ScheduleExpression s = ScheduleExpression.parse("cron(0 2 * * ? *)");
        assertEquals(ScheduleExpression.Kind.CRON, s.kind());
        assertEquals(Optional.of("0 0 2 * * ? *"), s.quartzCron());
        assertEquals(times("2024-01-16T02:00:00Z", "2024-01-17T02:00:00Z", "2024-01-18T02:00:00Z"),
                fires("cron(0 2 * * ? *)", "2024-01-15T10:30:00Z", 3));
        // at 01:59:59 the run of the same day is next; at 02:00:00 exactly, the next day's
        assertEquals(times("2024-01-15T02:00:00Z"), fires("cron(0 2 * * ? *)", "2024-01-15T01:59:59Z", 1));
        assertEquals(times("2024-01-16T02:00:00Z"), fires("cron(0 2 * * ? *)", "2024-01-15T02:00:00Z", 1));
    }

    @Test
    void theDailyOptimizationJobRunsAt0300Utc() {
        assertEquals(Optional.of("0 0 3 * * ? *"), ScheduleExpression.parse("cron(0 3 * * ? *)").quartzCron());
        assertEquals(times("2024-01-16T03:00:00Z", "2024-01-17T03:00:00Z"),
                fires("cron(0 3 * * ? *)", "2024-01-15T10:30:00Z", 2));
        // across a month and a leap day
        assertEquals(times("2024-02-29T03:00:00Z", "2024-03-01T03:00:00Z"),
                fires("cron(0 3 * * ? *)", "2024-02-28T12:00:00Z", 2));
    }

    @Test
    void theHourlyAnomalyDetectionJobRunsOnTheHour() {
        assertEquals(Optional.of("0 0 * * * ? *"), ScheduleExpression.parse("cron(0 * * * ? *)").quartzCron());
        assertEquals(times("2024-01-15T11:00:00Z", "2024-01-15T12:00:00Z", "2024-01-15T13:00:00Z"),
                fires("cron(0 * * * ? *)", "2024-01-15T10:30:00Z", 3));
        assertEquals(times("2025-01-01T00:00:00Z"), fires("cron(0 * * * ? *)", "2024-12-31T23:00:00Z", 1));
    }

    @Test
    void theWeeklyReportGenerationJobRunsOnMondayAt0400Utc() {
        assertEquals(Optional.of("0 0 4 ? * MON *"), ScheduleExpression.parse("cron(0 4 ? * MON *)").quartzCron());
        // from Monday 10:30 the next is the following Monday; from Sunday night, the next morning
        assertEquals(times("2024-01-22T04:00:00Z", "2024-01-29T04:00:00Z", "2024-02-05T04:00:00Z"),
                fires("cron(0 4 ? * MON *)", "2024-01-15T10:30:00Z", 3));
        assertEquals(times("2024-01-15T04:00:00Z"), fires("cron(0 4 ? * MON *)", "2024-01-14T23:00:00Z", 1));
        // MON is day 2, as in EventBridge (1-7 = SUN-SAT)
        assertEquals(fires("cron(0 4 ? * MON *)", "2024-01-01T00:00:00Z", 5),
                fires("cron(0 4 ? * 2 *)", "2024-01-01T00:00:00Z", 5));
    }

    // ------------------------------------------------------------------ fields and special characters

    @Test
    void dayOfWeekNumbersRunFromSundayToSaturday() {
        assertEquals(times("2024-01-14T12:00:00Z"), fires("cron(0 12 ? * 1 *)", "2024-01-13T13:00:00Z", 1)); // Sun
        assertEquals(times("2024-01-20T12:00:00Z"), fires("cron(0 12 ? * 7 *)", "2024-01-15T00:00:00Z", 1)); // Sat
        assertEquals(times("2024-01-20T12:00:00Z"), fires("cron(0 12 ? * SAT *)", "2024-01-15T00:00:00Z", 1));
        // lower-case names are read as EventBridge reads them
        assertEquals(Optional.of("0 0 12 ? * SUN *"), ScheduleExpression.parse("cron(0 12 ? * sun *)").quartzCron());
    }

    @Test
    void weekdayRangesAndListsSkipTheWeekend() {
        assertEquals(times("2024-01-19T08:00:00Z", "2024-01-22T08:00:00Z"),
                fires("cron(0 8 ? * MON-FRI *)", "2024-01-18T09:00:00Z", 2));
        assertEquals(times("2024-01-17T08:00:00Z", "2024-01-19T08:00:00Z", "2024-01-22T08:00:00Z"),
                fires("cron(0 8 ? * MON,WED,FRI *)", "2024-01-15T09:00:00Z", 3));
        // a range may wrap around the week
        assertEquals(times("2024-01-19T08:00:00Z", "2024-01-20T08:00:00Z", "2024-01-21T08:00:00Z",
                "2024-01-22T08:00:00Z", "2024-01-26T08:00:00Z"), fires("cron(0 8 ? * FRI-MON *)", "2024-01-18T09:00:00Z", 5));
    }

    @Test
    void lastAndNthDaysOfTheWeek() {
        // L alone: the last day of the week, Saturday
        assertEquals(times("2024-01-20T06:00:00Z"), fires("cron(0 6 ? * L *)", "2024-01-15T00:00:00Z", 1));
        // 6L / FRIL: the last Friday of the month
        assertEquals(times("2024-01-26T06:00:00Z", "2024-02-23T06:00:00Z"), fires("cron(0 6 ? * 6L *)", "2024-01-01T00:00:00Z", 2));
        assertEquals(fires("cron(0 6 ? * 6L *)", "2024-01-01T00:00:00Z", 3), fires("cron(0 6 ? * FRIL *)", "2024-01-01T00:00:00Z", 3));
        // 3#2: the second Tuesday
        assertEquals(times("2024-01-09T06:00:00Z", "2024-02-13T06:00:00Z"), fires("cron(0 6 ? * 3#2 *)", "2024-01-01T00:00:00Z", 2));
        assertEquals(fires("cron(0 6 ? * 3#2 *)", "2024-01-01T00:00:00Z", 3), fires("cron(0 6 ? * TUE#2 *)", "2024-01-01T00:00:00Z", 3));
    }

    @Test
    void lastAndWeekdaysOfTheMonth() {
        // L: the last day, leap years included
        assertEquals(times("2024-01-31T00:00:00Z", "2024-02-29T00:00:00Z", "2024-03-31T00:00:00Z", "2024-04-30T00:00:00Z"),
                fires("cron(0 0 L * ? *)", "2024-01-15T00:00:00Z", 4));
        assertEquals(times("2023-02-28T00:00:00Z"), fires("cron(0 0 L * ? *)", "2023-02-01T00:00:00Z", 1));
        // 15W: the weekday nearest the 15th (2024-06-15 is a Saturday, so Friday the 14th)
        assertEquals(times("2024-06-14T09:00:00Z"), fires("cron(0 9 15W * ? *)", "2024-06-01T00:00:00Z", 1));
        // LW: the last weekday (2024-03-31 is a Sunday, so Friday the 29th)
        assertEquals(times("2024-03-29T09:00:00Z"), fires("cron(0 9 LW * ? *)", "2024-03-01T00:00:00Z", 1));
    }

    @Test
    void monthsByNumberAndName() {
        assertEquals(times("2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-09-01T00:00:00Z", "2024-12-01T00:00:00Z"),
                fires("cron(0 0 1 3/3 ? *)", "2024-01-15T00:00:00Z", 4));
        assertEquals(fires("cron(0 0 1 JAN-MAR ? *)", "2024-01-15T00:00:00Z", 4),
                fires("cron(0 0 1 1-3 ? *)", "2024-01-15T00:00:00Z", 4));
        assertEquals(Optional.of("0 0 0 1 JUL ? *"), ScheduleExpression.parse("cron(0 0 1 jul ? *)").quartzCron());
    }

    @Test
    void incrementsRangesAndLists() {
        assertEquals(Optional.of("0 0/15 * * * ? *"), ScheduleExpression.parse("cron(0/15 * * * ? *)").quartzCron());
        assertEquals(times("2024-01-15T10:45:00Z", "2024-01-15T11:00:00Z", "2024-01-15T11:15:00Z"),
                fires("cron(0/15 * * * ? *)", "2024-01-15T10:30:00Z", 3));
        assertEquals(fires("cron(0/5 * * * ? *)", "2024-01-15T10:30:00Z", 4), fires("cron(*/5 * * * ? *)", "2024-01-15T10:30:00Z", 4));
        assertEquals(times("2024-01-15T10:35:00Z", "2024-01-15T10:45:00Z", "2024-01-15T10:55:00Z", "2024-01-15T11:05:00Z"),
                fires("cron(5-55/10 * * * ? *)", "2024-01-15T10:30:00Z", 4));
        assertEquals(times("2024-01-15T12:15:00Z", "2024-01-15T18:15:00Z", "2024-01-16T06:15:00Z"),
                fires("cron(15 6,12,18 * * ? *)", "2024-01-15T10:30:00Z", 3));
        // an hour range that wraps past midnight
        assertEquals(times("2024-01-15T22:00:00Z", "2024-01-15T23:00:00Z", "2024-01-16T00:00:00Z", "2024-01-16T01:00:00Z",
                "2024-01-16T22:00:00Z"), fires("cron(0 22-1 * * ? *)", "2024-01-15T10:30:00Z", 5));
        // every minute
        assertEquals(times("2024-01-15T10:31:00Z", "2024-01-15T10:32:00Z"), fires("cron(* * * * ? *)", "2024-01-15T10:30:00Z", 2));
    }

    @Test
    void theYearFieldBoundsTheSchedule() {
        assertEquals(times("2030-01-01T00:00:00Z"), fires("cron(0 0 1 1 ? 2030)", "2024-01-15T00:00:00Z", 1));
        assertEquals(times("2025-06-01T00:00:00Z", "2027-06-01T00:00:00Z"),
                fires("cron(0 0 1 6 ? 2025/2)", "2024-01-15T00:00:00Z", 2));
        assertEquals(times("2026-03-01T00:00:00Z", "2027-03-01T00:00:00Z"),
                fires("cron(0 0 1 3 ? 2026-2027)", "2024-01-15T00:00:00Z", 2));
        // a schedule whose years are over never fires again
        ScheduleExpression past = ScheduleExpression.parse("cron(0 0 1 1 ? 2020)");
        assertEquals(Optional.empty(), past.nextFireAfter(t("2024-01-15T00:00:00Z")));
        assertEquals(Optional.of(t("2020-01-01T00:00:00Z")), past.nextFireAfter(t("2019-06-01T00:00:00Z")));
    }

    @Test
    void everyAcceptedCronIsQuartzValidWithASecondsFieldOfZero() {
        for (String e : List.of("cron(0 2 * * ? *)", "cron(0 4 ? * MON *)", "cron(0/15 8-17 ? * MON-FRI *)",
                "cron(30 23 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 1W * ? *)", "cron(0 12 ? * 2#1 *)",
                "cron(0 12 ? * SUNL 2025-2199)", "cron(59 23 31 12 ? 2199)", "cron(0 0 ? JAN,JUL SUN,SAT *)",
                "cron(0 0 1/2 * ? *)", "cron(0 0/23 * * ? 1970/229)")) {
            String quartz = ScheduleExpression.parse(e).quartzCron().orElseThrow();
            assertTrue(quartz.startsWith("0 "), quartz);
            assertEquals(7, quartz.split(" ").length, quartz);
            assertTrue(CronExpression.isValidExpression(quartz), e + " -> " + quartz);
        }
    }

    // ------------------------------------------------------------------ cron refused, with the reason

    @Test
    void dayOfMonthAndDayOfWeekExcludeEachOther() {
        assertTrue(refused("cron(0 2 * * * *)").contains("day-of-month (*) and day-of-week (*) cannot both be given: "
                + "one of them must be '?'"), refused("cron(0 2 * * * *)"));
        assertTrue(refused("cron(0 2 1 * MON *)").contains("cannot both be given"));
        assertTrue(refused("cron(0 2 ? * ? *)").contains("day-of-month and day-of-week are both '?'"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cron(0 2 * * ?)|got 5 (EventBridge's cron has a sixth field, the year: add * for every year)",
        "cron(0 0 2 * * ? *)|got 7 (EventBridge's cron has no seconds field: drop the first one)",
        "cron()|takes six fields, minutes hours day-of-month month day-of-week year",
        "cron(60 2 * * ? *)|minutes field '60': 60 is out of range (0-59)",
        "cron(0 24 * * ? *)|hours field '24': 24 is out of range (0-23)",
        "cron(0 2 0 * ? *)|day-of-month field '0': 0 is out of range (1-31)",
        "cron(0 2 32 * ? *)|day-of-month field '32': 32 is out of range (1-31)",
        "cron(0 2 * 13 ? *)|month field '13': 13 is out of range (1-12 or JAN-DEC)",
        "cron(0 2 ? * 0 *)|day-of-week field '0': 0 is out of range (1-7 or SUN-SAT)",
        "cron(0 2 ? * 8 *)|day-of-week field '8': 8 is out of range (1-7 or SUN-SAT)",
        "cron(0 2 * * ? 1969)|year field '1969': 1969 is out of range (1970-2199)",
        "cron(0 2 * * ? 2200)|year field '2200': 2200 is out of range (1970-2199)",
        "cron(? 2 * * ? *)|minutes field '?': '?' is only for day-of-month or day-of-week",
        "cron(0 L * * ? *)|hours field 'L': 'L', 'W' and '#' are only for day-of-month and day-of-week",
        "cron(0 2 * 1W ? *)|month field '1W': 'L', 'W' and '#' are only for day-of-month and day-of-week",
        "cron(0 2 ? * MON/2 *)|day-of-week takes no increments ('/'): list the days instead",
        "cron(0 2 L-3 * ? *)|offsets from the last day (L-3) are not part of EventBridge's cron",
        "cron(0 2 5L * ? *)|day-of-month takes L (last day), LW (last weekday) or nW (weekday nearest day n) on their own",
        "cron(0 2 1,15W * ? *)|day-of-month takes L (last day)",
        "cron(0 2 ? * 3#6 *)|after '#' comes which one of the month, 1-5, got '6'",
        "cron(0 2 ? * 3#2,5 *)|day-of-week takes L (last day of the week), nL (last day n of the month) or n#k",
        "cron(0 2 ? * MON-FRIL *)|not in a list or range",
        "cron(0 2 1,,15 * ? *)|a list has an empty item",
        "cron(0 *,5 * * ? *)|'*' stands alone, not in a list",
        "cron(0/0 * * * ? *)|the increment 0 must be between 1 and 59",
        "cron(0/60 * * * ? *)|the increment 60 must be between 1 and 59",
        "cron(0 0/24 * * ? *)|the increment 24 must be between 1 and 23",
        "cron(/5 * * * ? *)|'/' needs a start before it",
        "cron(0/1.5 * * * ? *)|the increment after '/' must be a whole number, got '1.5'",
        "cron(0 2 * foo ? *)|month field 'foo': 'FOO' is not a month value (1-12 or JAN-DEC)",
        "cron(0 2 * FOO ? *)|month field 'FOO': 'FOO' is not a month value (1-12 or JAN-DEC)",
        "cron(0 2 ? * MONDAY *)|'MONDAY' is not a day-of-week value",
        "cron(-5 2 * * ? *)|'-5' is not a minutes value",
        "cron(0 2 * * ? *|expected cron(minutes hours day-of-month month day-of-week year) or rate(value unit)",
        "CRON(0 2 * * ? *)|in lower case",
        "at(2024-01-15T10:00:00)|at(...) is a one-time schedule of EventBridge Scheduler",
    })
    void invalidCronIsRefusedWithTheReason(String expression, String reason) {
        String message = refused(expression);
        assertTrue(message.startsWith("Invalid schedule expression \"" + expression + "\": "), message);
        assertTrue(message.contains(reason), message);
    }

    @Test
    void emptyExpressionsAreRefused() {
        assertTrue(refused(" ").contains("it is empty"));
        assertTrue(refused(null).contains("it is empty"));
    }

    // ------------------------------------------------------------------ rate

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate(1 minute)|0 * * * * ? *",
        "rate(5 minutes)|0 0/5 * * * ? *",
        "rate(15 minutes)|0 0/15 * * * ? *",
        "rate(30 minutes)|0 0/30 * * * ? *",
        "rate(60 minutes)|0 0 * * * ? *",
        "rate(120 minutes)|0 0 0/2 * * ? *",
        "rate(1 hour)|0 0 * * * ? *",
        "rate(6 hours)|0 0 0/6 * * ? *",
        "rate(12 hours)|0 0 0/12 * * ? *",
        "rate(24 hours)|0 0 0 * * ? *",
        "rate(1440 minutes)|0 0 0 * * ? *",
        "rate(1 day)|0 0 0 * * ? *",
    })
    void ratesThatDivideTheHourOrTheDayBecomeCron(String expression, String quartz) {
        ScheduleExpression s = ScheduleExpression.parse(expression);
        assertEquals(ScheduleExpression.Kind.RATE, s.kind());
        assertEquals(Optional.of(quartz), s.quartzCron());
        assertEquals(Optional.empty(), s.repeatInterval());
        // consecutive fires are exactly one rate apart
        Duration rate = s.rate().orElseThrow();
        Instant a = s.nextFireAfter(t("2024-01-15T10:31:17Z")).orElseThrow();
        assertEquals(a.plus(rate), s.nextFireAfter(a).orElseThrow());
    }

    @Test
    void ratesAlignToTheUtcClock() {
        assertEquals(times("2024-01-15T10:45:00Z", "2024-01-15T11:00:00Z"), fires("rate(15 minutes)", "2024-01-15T10:31:17Z", 2));
        assertEquals(times("2024-01-15T12:00:00Z", "2024-01-15T18:00:00Z"), fires("rate(6 hours)", "2024-01-15T10:31:17Z", 2));
        assertEquals(times("2024-01-16T00:00:00Z"), fires("rate(1 day)", "2024-01-15T10:31:17Z", 1));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate(7 minutes)|PT7M",
        "rate(90 minutes)|PT1H30M",
        "rate(5 hours)|PT5H",
        "rate(48 hours)|PT48H",
        "rate(2 days)|PT48H",
        "rate(7 days)|PT168H",
    })
    void otherRatesRepeatAnIntervalFromThePreviousRun(String expression, String interval) {
        ScheduleExpression s = ScheduleExpression.parse(expression);
        assertEquals(Optional.empty(), s.quartzCron());
        assertEquals(Optional.of(Duration.parse(interval)), s.repeatInterval());
        assertEquals(Optional.of(t("2024-01-15T10:00:00Z").plus(Duration.parse(interval))),
                s.nextFireAfter(t("2024-01-15T10:00:00Z")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate(0 minutes)|the rate value must be a positive whole number, got '0'",
        "rate(-5 minutes)|the rate value must be a positive whole number, got '-5'",
        "rate(1.5 hours)|the rate value must be a positive whole number, got '1.5'",
        "rate(five minutes)|the rate value must be a positive whole number, got 'five'",
        "rate(1 minutes)|a value of 1 takes the singular unit: rate(1 minute)",
        "rate(1 hours)|a value of 1 takes the singular unit: rate(1 hour)",
        "rate(1 days)|a value of 1 takes the singular unit: rate(1 day)",
        "rate(5 minute)|a value above 1 takes the plural unit: rate(5 minutes)",
        "rate(5 hour)|a value above 1 takes the plural unit: rate(5 hours)",
        "rate(2 day)|a value above 1 takes the plural unit: rate(2 days)",
        "rate(30 seconds)|the unit must be minute(s), hour(s) or day(s), got 'seconds'",
        "rate(2 weeks)|the unit must be minute(s), hour(s) or day(s), got 'weeks'",
        "rate(5 Minutes)|got 'Minutes'",
        "rate(5)|rate(...) takes a value and a unit",
        "rate()|rate(...) takes a value and a unit",
        "rate(5 minutes please)|rate(...) takes a value and a unit",
    })
    void invalidRatesAreRefusedWithTheReason(String expression, String reason) {
        String message = refused(expression);
        assertTrue(message.contains(reason), message);
    }

    // ------------------------------------------------------------------ the latest missed run

    @Test
    void theLatestFireBetweenTwoTimesIsTheRunDueMostRecently() {
        ScheduleExpression daily = ScheduleExpression.parse("cron(0 2 * * ? *)");
        // down for three days: one catch-up, the latest
        assertEquals(Optional.of(t("2024-01-15T02:00:00Z")),
                daily.latestFireBetween(t("2024-01-12T02:00:00Z"), t("2024-01-15T10:30:00Z")));
        // nothing due since the last run
        assertEquals(Optional.empty(), daily.latestFireBetween(t("2024-01-15T02:00:00Z"), t("2024-01-15T10:30:00Z")));
        // the bounds: after is exclusive, upTo inclusive
        assertEquals(Optional.of(t("2024-01-15T02:00:00Z")),
                daily.latestFireBetween(t("2024-01-14T02:00:00Z"), t("2024-01-15T02:00:00Z")));
        assertEquals(Optional.empty(), daily.latestFireBetween(t("2024-01-15T02:00:00Z"), t("2024-01-15T02:00:00Z")));

        ScheduleExpression hourly = ScheduleExpression.parse("cron(0 * * * ? *)");
        assertEquals(Optional.of(t("2024-01-15T10:00:00Z")),
                hourly.latestFireBetween(t("2023-01-01T00:00:00Z"), t("2024-01-15T10:30:00Z")));
        ScheduleExpression weekly = ScheduleExpression.parse("cron(0 4 ? * MON *)");
        assertEquals(Optional.of(t("2024-01-08T04:00:00Z")),
                weekly.latestFireBetween(t("2024-01-01T05:00:00Z"), t("2024-01-15T03:59:59Z")));
    }

    @Test
    void aScheduleDenseInThePastIsNotWalkedFireByFire() {
        // every minute of 2020: half a million fires between the bounds, found by bisection
        ScheduleExpression s = ScheduleExpression.parse("cron(* * * * ? 2020)");
        assertEquals(Optional.of(t("2020-12-31T23:59:00Z")),
                s.latestFireBetween(t("2019-12-31T00:00:00Z"), t("2026-01-01T00:00:00Z")));
        assertEquals(Optional.of(t("2020-03-01T11:59:00Z")),
                s.latestFireBetween(t("2019-12-31T00:00:00Z"), t("2020-03-01T11:59:30Z")));
    }

    @Test
    void anIntervalCountsFromThePreviousRun() {
        ScheduleExpression s = ScheduleExpression.parse("rate(7 minutes)");
        assertEquals(Optional.of(t("2024-01-15T10:21:00Z")),
                s.latestFireBetween(t("2024-01-15T10:00:00Z"), t("2024-01-15T10:25:00Z")));
        assertEquals(Optional.empty(), s.latestFireBetween(t("2024-01-15T10:00:00Z"), t("2024-01-15T10:06:59Z")));
    }

    @Test
    void expressionsAreEqualByTheirText() {
        assertEquals(ScheduleExpression.parse(" cron(0 2 * * ? *) "), ScheduleExpression.parse("cron(0 2 * * ? *)"));
        assertEquals("cron(0 2 * * ? *)", ScheduleExpression.parse(" cron(0 2 * * ? *) ").text());
    }
}
