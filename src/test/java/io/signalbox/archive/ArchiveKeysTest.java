package io.signalbox.archive;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive's sort key orders events by time then id, as strings; a window becomes exactly its key range. */
class ArchiveKeysTest {

    private static Instant t(String iso) {
        return Instant.parse(iso);
    }

    /** Whether the event with {@code time} and {@code id} falls in {@code range}, as DynamoDB's BETWEEN decides. */
    private static boolean in(Optional<ArchiveKeys.KeyRange> range, String time, String id) {
        String key = ArchiveKeys.sortKey(time, id);
        return range.isPresent() && key.compareTo(range.get().lower()) >= 0 && key.compareTo(range.get().upper()) <= 0;
    }

    @Test
    void theSortKeyIsTheEventTimeInWholeSecondsThenTheId() {
        assertEquals("2024-01-15T10:00:00Z#e-1", ArchiveKeys.sortKey("2024-01-15T10:00:00Z", "e-1"));
        // fixed width: Instant.toString would drop the seconds of 10:00 or add a fraction
        assertEquals("2024-01-15T10:00:00Z#e-1", ArchiveKeys.sortKey("2024-01-15T10:00:00.750Z", "e-1"));
        assertEquals("0999-01-01T00:00:00Z#e", ArchiveKeys.sortKey("0999-01-01T00:00:00Z", "e"));
    }

    @Test
    void keysSortByTimeThenId() {
        List<String> keys = new ArrayList<>(List.of(
                ArchiveKeys.sortKey("2024-01-15T10:00:01Z", "a"),
                ArchiveKeys.sortKey("2024-01-15T09:59:59Z", "z"),
                ArchiveKeys.sortKey("2024-01-15T10:00:00Z", "b"),
                ArchiveKeys.sortKey("2024-01-15T10:00:00Z", "a"),
                ArchiveKeys.sortKey("2023-12-31T23:59:59Z", "a")));
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(List.of("2023-12-31T23:59:59Z#a", "2024-01-15T09:59:59Z#z", "2024-01-15T10:00:00Z#a",
                "2024-01-15T10:00:00Z#b", "2024-01-15T10:00:01Z#a"), sorted);
    }

    @Test
    void aWindowTakesFromInclusiveAndToExclusive() {
        Optional<ArchiveKeys.KeyRange> range = ArchiveKeys.range(t("2024-01-15T10:00:00Z"), t("2024-01-15T10:05:00Z"));
        assertEquals(Optional.of(new ArchiveKeys.KeyRange("2024-01-15T10:00:00Z", "2024-01-15T10:04:59Z$")), range);
        assertFalse(in(range, "2024-01-15T09:59:59Z", "ffffffff-ffff"));
        assertTrue(in(range, "2024-01-15T10:00:00Z", "00000000-0000"));
        assertTrue(in(range, "2024-01-15T10:00:00Z", "ffffffff-ffff"));
        assertTrue(in(range, "2024-01-15T10:04:59Z", "ffffffff-ffff"));
        assertFalse(in(range, "2024-01-15T10:05:00Z", "00000000-0000"));
    }

    @Test
    void fractionalBoundsRoundInwardsToTheSecondsInside() {
        // 10:00:00.5 <= t < 10:00:02.5 holds the events of 10:00:01 and 10:00:02
        Optional<ArchiveKeys.KeyRange> range = ArchiveKeys.range(t("2024-01-15T10:00:00.500Z"), t("2024-01-15T10:00:02.500Z"));
        assertFalse(in(range, "2024-01-15T10:00:00Z", "a"));
        assertTrue(in(range, "2024-01-15T10:00:01Z", "a"));
        assertTrue(in(range, "2024-01-15T10:00:02Z", "a"));
        assertFalse(in(range, "2024-01-15T10:00:03Z", "a"));
    }

    @Test
    void aWindowWithNoWholeSecondInsideIsEmpty() {
        assertEquals(Optional.empty(), ArchiveKeys.range(t("2024-01-15T10:00:00.100Z"), t("2024-01-15T10:00:00.900Z")));
        assertEquals(Optional.empty(), ArchiveKeys.range(t("2024-01-15T10:00:00Z"), t("2024-01-15T10:00:00Z")));
        // one second wide: exactly the events of that second
        Optional<ArchiveKeys.KeyRange> one = ArchiveKeys.range(t("2024-01-15T10:00:00Z"), t("2024-01-15T10:00:01Z"));
        assertTrue(in(one, "2024-01-15T10:00:00Z", "a"));
        assertFalse(in(one, "2024-01-15T10:00:01Z", "a"));
    }

    @Test
    void anEventExpiresItsRetentionAfterItWasArchived() {
        assertEquals(t("2025-01-14T10:00:00Z").getEpochSecond(),
                ArchiveKeys.expiresAt(t("2024-01-15T10:00:00Z"), Duration.ofDays(365)));
    }
}
