package io.signalbox.jobs;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.quartz.CronExpression;

/**
 * An EventBridge rule's schedule expression, {@code cron(minutes hours day-of-month month day-of-week year)} or
 * {@code rate(value unit)}, checked against EventBridge's rules and translated for Quartz. Times are UTC, as
 * EventBridge's are.
 *
 * <p>A cron expression becomes the same Quartz cron expression with a seconds field of {@code 0} in front:
 * the field order, the meaning of {@code ?}, {@code L}, {@code W}, {@code #}, month and day names and the
 * day-of-week numbering (1-7 = SUN-SAT) are the same in both. What EventBridge refuses is refused here with
 * the reason, although Quartz would take some of it (both day fields given, a {@code /} in day-of-week).
 *
 * <p>A rate becomes a Quartz cron expression when it divides the hour or the day evenly ({@code rate(15
 * minutes)} fires at :00, :15, :30, :45; {@code rate(2 hours)} at 00:00, 02:00, ... UTC; {@code rate(1 day)}
 * at midnight UTC), so that its fire times follow the clock and survive a restart; other rates ({@code rate(7
 * minutes)}, {@code rate(3 days)}) are kept as a repeat interval counted from the previous run. EventBridge
 * itself counts a rate from when the rule was created, which has no meaning for a rule read from a file.
 */
public final class ScheduleExpression {

    /** What the expression was written as. */
    public enum Kind { CRON, RATE }

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Pattern RATE_BODY = Pattern.compile("(\\S+)\\s+(\\S+)");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");
    private static final Pattern DAY_W = Pattern.compile("\\d{1,2}W");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    /** The six fields of EventBridge's cron, with their ranges and the special characters each takes. */
    private enum Field {
        MINUTES("minutes", 0, 59, 59, null),
        HOURS("hours", 0, 23, 23, null),
        DAY_OF_MONTH("day-of-month", 1, 31, 31, null),
        MONTH("month", 1, 12, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 1, 7, 0, DAYS),
        YEAR("year", 1970, 2199, 229, null);

        final String label;
        final int min;
        final int max;
        /** Largest increment after '/'; 0: the field takes none. */
        final int maxStep;
        final List<String> names;

        Field(String label, int min, int max, int maxStep, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.maxStep = maxStep;
            this.names = names;
        }

        String range() {
            String numbers = min + "-" + max;
            return names == null ? numbers : numbers + " or " + names.get(0) + "-" + names.get(names.size() - 1);
        }
    }

    private final String text;
    private final Kind kind;
    private final String quartzCron;
    private final Duration rate;
    private final CronExpression compiled;

    private ScheduleExpression(String text, Kind kind, String quartzCron, Duration rate) {
        this.text = text;
        this.kind = kind;
        this.quartzCron = quartzCron;
        this.rate = rate;
        if (quartzCron == null) {
            this.compiled = null;
        } else {
            try {
                this.compiled = new CronExpression(quartzCron);
            } catch (ParseException e) {
                // every field was checked above: this is a gap in those checks, reported as such
                throw new InvalidScheduleExpressionException(text, "Quartz cannot run its translation "
                        + quartzCron + " (" + e.getMessage() + ")");
            }
            this.compiled.setTimeZone(UTC);
        }
    }

    /**
     * Parses {@code cron(...)} or {@code rate(...)}.
     *
     * @throws InvalidScheduleExpressionException naming what EventBridge would refuse
     */
    public static ScheduleExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleExpressionException(String.valueOf(expression),
                    "it is empty; expected cron(minutes hours day-of-month month day-of-week year) or rate(value unit)");
        }
        String text = expression.trim();
        if (text.startsWith("cron(") && text.endsWith(")")) {
            return cron(text, text.substring(5, text.length() - 1).trim());
        }
        if (text.startsWith("rate(") && text.endsWith(")")) {
            return rate(text, text.substring(5, text.length() - 1).trim());
        }
        if (text.startsWith("at(")) {
            throw new InvalidScheduleExpressionException(text, "at(...) is a one-time schedule of EventBridge "
                    + "Scheduler; a rule takes cron(...) or rate(...)");
        }
        throw new InvalidScheduleExpressionException(text,
                "expected cron(minutes hours day-of-month month day-of-week year) or rate(value unit), in lower case");
    }

    /** The expression as written (trimmed). */
    public String text() {
        return text;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The Quartz cron expression (seconds first, seven fields) that fires at the same UTC times; empty for a
     * rate kept as a {@link #repeatInterval()}.
     */
    public Optional<String> quartzCron() {
        return Optional.ofNullable(quartzCron);
    }

    /** For a rate that does not divide the hour or the day: the interval between runs; else empty. */
    public Optional<Duration> repeatInterval() {
        return quartzCron == null ? Optional.of(rate) : Optional.empty();
    }

    /** For a rate expression: its value and unit as a duration; empty for cron. */
    public Optional<Duration> rate() {
        return Optional.ofNullable(rate);
    }

    /**
     * The first fire time strictly after {@code after}; empty when the schedule never fires again (a past
     * year, or a year beyond Quartz's horizon of a hundred years). For a repeat interval the schedule is
     * counted from {@code after}, taken to be the previous run.
     */
    public Optional<Instant> nextFireAfter(Instant after) {
        if (compiled == null) {
            return Optional.of(after.plus(rate));
        }
        Date next;
        synchronized (compiled) {
            next = compiled.getNextValidTimeAfter(Date.from(after));
        }
        return Optional.ofNullable(next).map(Date::toInstant);
    }

    /**
     * The latest fire time in {@code (after, upTo]}, or empty when there is none: the run that was due most
     * recently since {@code after}. For a repeat interval the schedule is counted from {@code after}.
     */
    public Optional<Instant> latestFireBetween(Instant after, Instant upTo) {
        if (!upTo.isAfter(after)) {
            return Optional.empty();
        }
        if (compiled == null) {
            long periods = Duration.between(after, upTo).toMillis() / rate.toMillis();
            return periods < 1 ? Optional.empty() : Optional.of(after.plus(rate.multipliedBy(periods)));
        }
        Optional<Instant> any = nextFireAfter(after);
        if (any.isEmpty() || any.get().isAfter(upTo)) {
            return Optional.empty();
        }
        // bisection: a schedule dense in the past (cron(* * * * ? 2020)) must not be walked minute by minute
        Instant lo = after;
        Instant hi = upTo;
        while (true) {
            Instant first = nextFireAfter(lo).orElseThrow(); // the invariant: a fire in (lo, hi]
            Optional<Instant> second = nextFireAfter(first);
            if (second.isEmpty() || second.get().isAfter(hi)) {
                return Optional.of(first);
            }
            Instant mid = first.plus(Duration.between(first, hi).dividedBy(2));
            Optional<Instant> later = nextFireAfter(mid);
            if (later.isPresent() && !later.get().isAfter(hi)) {
                lo = mid;
            } else {
                lo = first;
                hi = mid;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- cron

    private static ScheduleExpression cron(String text, String body) {
        String[] tokens = body.isEmpty() ? new String[0] : body.split("\\s+");
        if (tokens.length != 6) {
            String hint = switch (tokens.length) {
                case 5 -> " (EventBridge's cron has a sixth field, the year: add * for every year)";
                case 7 -> " (EventBridge's cron has no seconds field: drop the first one)";
                default -> "";
            };
            throw new InvalidScheduleExpressionException(text, "cron(...) takes six fields, minutes hours "
                    + "day-of-month month day-of-week year, separated by spaces; got " + tokens.length + hint);
        }
        Field[] fields = Field.values();
        List<String> quartz = new ArrayList<>(7);
        quartz.add("0");
        for (int i = 0; i < fields.length; i++) {
            quartz.add(field(text, fields[i], tokens[i]));
        }
        boolean domAny = quartz.get(3).equals("?");
        boolean dowAny = quartz.get(5).equals("?");
        if (domAny && dowAny) {
            throw new InvalidScheduleExpressionException(text, "day-of-month and day-of-week are both '?': "
                    + "one of them must say which days, e.g. cron(0 2 * * ? *) or cron(0 4 ? * MON *)");
        }
        if (!domAny && !dowAny) {
            throw new InvalidScheduleExpressionException(text, "day-of-month (" + tokens[2] + ") and day-of-week ("
                    + tokens[4] + ") cannot both be given: one of them must be '?', e.g. cron(0 2 * * ? *) or "
                    + "cron(0 4 ? * MON *)");
        }
        return new ScheduleExpression(text, Kind.CRON, String.join(" ", quartz), null);
    }

    /** One field, checked; returns it as Quartz reads it (upper case, names kept). Messages quote it as written. */
    private static String field(String text, Field field, String written) {
        String token = written.toUpperCase(Locale.ROOT);
        if (token.equals("?")) {
            if (field != Field.DAY_OF_MONTH && field != Field.DAY_OF_WEEK) {
                throw invalid(text, field, token, "'?' is only for day-of-month or day-of-week");
            }
            return token;
        }
        if (field == Field.DAY_OF_MONTH && dayOfMonthSpecial(text, written, token)
                || field == Field.DAY_OF_WEEK && dayOfWeekSpecial(text, written, token)) {
            return token;
        }
        String[] items = token.split(",", -1);
        for (String item : items) {
            if (item.isEmpty()) {
                throw invalid(text, field, written, "a list has an empty item");
            }
            if (item.equals("*") && items.length > 1) {
                throw invalid(text, field, written, "'*' stands alone, not in a list");
            }
            item(text, field, written, item);
        }
        return token;
    }

    private static void item(String text, Field field, String token, String item) {
        String base = item;
        int slash = item.indexOf('/');
        if (slash >= 0) {
            if (field.maxStep == 0) {
                throw invalid(text, field, token, "day-of-week takes no increments ('/'): list the days instead, "
                        + "e.g. MON,WED,FRI");
            }
            base = item.substring(0, slash);
            String step = item.substring(slash + 1);
            if (!DIGITS.matcher(step).matches()) {
                throw invalid(text, field, token, "the increment after '/' must be a whole number, got '" + step + "'");
            }
            int n = Integer.parseInt(step);
            if (n < 1 || n > field.maxStep) {
                throw invalid(text, field, token, "the increment " + n + " must be between 1 and " + field.maxStep);
            }
            if (base.isEmpty()) {
                throw invalid(text, field, token, "'/' needs a start before it, e.g. 0/15 or */15");
            }
        }
        if (base.equals("*")) {
            return;
        }
        int dash = base.indexOf('-', 1);
        if (dash >= 0) {
            // a range may wrap around (22-2 hours, FRI-MON), as Quartz reads it
            value(text, field, token, base.substring(0, dash));
            value(text, field, token, base.substring(dash + 1));
        } else {
            value(text, field, token, base);
        }
    }

    private static void value(String text, Field field, String token, String value) {
        if (DIGITS.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            if (n < field.min || n > field.max) {
                throw invalid(text, field, token, n + " is out of range (" + field.range() + ")");
            }
            return;
        }
        if (field.names != null && field.names.contains(value)) {
            return;
        }
        if (field != Field.DAY_OF_MONTH && field != Field.DAY_OF_WEEK
                && (value.contains("L") || value.contains("W") || value.contains("#"))) {
            throw invalid(text, field, token, "'L', 'W' and '#' are only for day-of-month and day-of-week");
        }
        throw invalid(text, field, token, "'" + value + "' is not a " + field.label + " value (" + field.range() + ")");
    }

    /** {@code L} (last day), {@code LW} (last weekday), {@code nW} (the weekday nearest day n), each alone. */
    private static boolean dayOfMonthSpecial(String text, String written, String token) {
        if (token.equals("L") || token.equals("LW")) {
            return true;
        }
        if (DAY_W.matcher(token).matches()) {
            value(text, Field.DAY_OF_MONTH, written, token.substring(0, token.length() - 1));
            return true;
        }
        if (token.startsWith("L-")) {
            throw invalid(text, Field.DAY_OF_MONTH, written, "offsets from the last day (L-3) are not part of "
                    + "EventBridge's cron; " + specialsHelp(Field.DAY_OF_MONTH));
        }
        if (token.contains("L") || token.contains("W") || token.contains("#")) {
            throw invalid(text, Field.DAY_OF_MONTH, written, specialsHelp(Field.DAY_OF_MONTH));
        }
        return false;
    }

    /** {@code L} (the last day of the week), {@code nL} (the last day n of the month), {@code n#k}, each alone. */
    private static boolean dayOfWeekSpecial(String text, String written, String token) {
        if (token.equals("L")) {
            return true;
        }
        boolean special = token.contains("#") || token.endsWith("L");
        if (!special) {
            return false;
        }
        if (token.contains(",") || token.contains("-") || token.contains("/")) {
            throw invalid(text, Field.DAY_OF_WEEK, written, specialsHelp(Field.DAY_OF_WEEK));
        }
        int hash = token.indexOf('#');
        if (hash >= 0) {
            value(text, Field.DAY_OF_WEEK, written, token.substring(0, hash));
            String nth = token.substring(hash + 1);
            if (!DIGITS.matcher(nth).matches() || Integer.parseInt(nth) < 1 || Integer.parseInt(nth) > 5) {
                throw invalid(text, Field.DAY_OF_WEEK, written, "after '#' comes which one of the month, 1-5, got '"
                        + nth + "'");
            }
            return true;
        }
        value(text, Field.DAY_OF_WEEK, written, token.substring(0, token.length() - 1));
        return true;
    }

    private static String specialsHelp(Field field) {
        return switch (field) {
            case DAY_OF_MONTH -> "day-of-month takes L (last day), LW (last weekday) or nW (weekday nearest day n) "
                    + "on their own";
            case DAY_OF_WEEK -> "day-of-week takes L (last day of the week), nL (last day n of the month) or n#k "
                    + "(k-th day n of the month) on their own, not in a list or range";
            default -> "'L', 'W' and '#' are only for day-of-month and day-of-week";
        };
    }

    private static InvalidScheduleExpressionException invalid(String text, Field field, String token, String reason) {
        return new InvalidScheduleExpressionException(text, field.label + " field '" + token + "': " + reason);
    }

    // ---------------------------------------------------------------------------------------------- rate

    private static ScheduleExpression rate(String text, String body) {
        Matcher m = RATE_BODY.matcher(body);
        if (!m.matches()) {
            throw new InvalidScheduleExpressionException(text, "rate(...) takes a value and a unit, e.g. "
                    + "rate(5 minutes), rate(1 hour), rate(7 days)");
        }
        String value = m.group(1);
        String unit = m.group(2);
        if (!DIGITS.matcher(value).matches() || Long.parseLong(value) < 1) {
            throw new InvalidScheduleExpressionException(text, "the rate value must be a positive whole number, got '"
                    + value + "'");
        }
        long n = Long.parseLong(value);
        String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        Duration one = switch (singular) {
            case "minute" -> Duration.ofMinutes(1);
            case "hour" -> Duration.ofHours(1);
            case "day" -> Duration.ofDays(1);
            default -> throw new InvalidScheduleExpressionException(text, "the unit must be minute(s), hour(s) or "
                    + "day(s), got '" + unit + "'");
        };
        if (n == 1 && !unit.equals(singular)) {
            throw new InvalidScheduleExpressionException(text, "a value of 1 takes the singular unit: rate(1 "
                    + singular + ")");
        }
        if (n > 1 && unit.equals(singular)) {
            throw new InvalidScheduleExpressionException(text, "a value above 1 takes the plural unit: rate(" + n
                    + " " + singular + "s)");
        }
        Duration rate = one.multipliedBy(n);
        return new ScheduleExpression(text, Kind.RATE, alignedCron(rate), rate);
    }

    /** The Quartz cron expression of a rate that divides the hour or the day, else null. */
    private static String alignedCron(Duration rate) {
        long minutes = rate.toMinutes();
        if (minutes == 1) {
            return "0 * * * * ? *";
        }
        if (minutes < 60 && 60 % minutes == 0) {
            return "0 0/" + minutes + " * * * ? *";
        }
        if (minutes == 60) {
            return "0 0 * * * ? *";
        }
        if (minutes % 60 == 0 && minutes < 24 * 60 && 24 % (minutes / 60) == 0) {
            return "0 0 0/" + minutes / 60 + " * * ? *";
        }
        if (minutes == 24 * 60) {
            return "0 0 0 * * ? *";
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleExpression other && other.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
