package io.signalbox.archive;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The archive table's sort key, {@code <event time>#<event id>} with the time in whole seconds UTC and fixed
 * width ({@code 2024-01-15T10:00:00Z#3f0c…}), so that keys sort by event time, then id, as strings do; and the
 * key range of a replay window. Event times carry whole seconds (PutEvents truncates them, as EventBridge does).
 */
public final class ArchiveKeys {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** After every id of a second: '$' sorts right after the '#' that separates time and id. */
    private static final String AFTER_ALL_IDS = "$";

    private ArchiveKeys() {
    }

    /** The last time formatted, and its key part: the events of a busy bus share their second. */
    private record Formatted(String time, String key) {
    }

    private static volatile Formatted last = new Formatted(null, null);

    /** The sort key of the event with {@code time} (its ISO-8601 {@code time} field) and {@code id}. */
    public static String sortKey(String time, String id) {
        // parsing and formatting a time costs a few microseconds, more than the rest of an event's archiving on the
        // archive's one thread: reuse the last second's key part
        Formatted f = last;
        if (!time.equals(f.time())) {
            f = new Formatted(time, format(Instant.parse(time)));
            last = f;
        }
        return f.key() + "#" + id;
    }

    /** Epoch second at which an event archived at {@code archivedAt} expires (the TTL attribute's value). */
    public static long expiresAt(Instant archivedAt, Duration retention) {
        return archivedAt.plus(retention).getEpochSecond();
    }

    /**
     * The sort-key range (both ends inclusive, for a {@code BETWEEN} key condition) that holds exactly the
     * events with {@code from <= time < to}; empty when no whole second lies in that window.
     */
    public static Optional<KeyRange> range(Instant from, Instant to) {
        Instant first = from.truncatedTo(ChronoUnit.SECONDS);
        if (first.isBefore(from)) {
            first = first.plusSeconds(1); // from 10:00:00.5 takes 10:00:01 first
        }
        Instant last = to.truncatedTo(ChronoUnit.SECONDS);
        if (!last.isBefore(to)) {
            last = last.minusSeconds(1); // to is exclusive: to 10:05:00 takes 10:04:59 last
        }
        if (last.isBefore(first)) {
            return Optional.empty();
        }
        return Optional.of(new KeyRange(format(first), format(last) + AFTER_ALL_IDS));
    }

    /** Inclusive bounds of a key condition {@code sortKey BETWEEN lower AND upper}. */
    public record KeyRange(String lower, String upper) {
    }

    private static String format(Instant time) {
        return SECONDS.format(time.truncatedTo(ChronoUnit.SECONDS));
    }
}
