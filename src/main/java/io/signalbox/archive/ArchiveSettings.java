package io.signalbox.archive;

import java.time.Duration;
import java.util.function.Function;

import io.signalbox.config.ResourceDeclarations;

/**
 * The {@code signalbox.archive.*} properties, read once at start-up, and the archive table's declaration in
 * {@code resources.yaml}, which names its key and TTL attributes: the table's schema is declared in one place.
 *
 * @param maxInFlight  archive writes in flight at once; events accepted meanwhile wait and go out in batches of
 *                     up to the store's batch size (DynamoDB: 25 to a BatchWriteItem; SQLite: 500 to a write)
 * @param maxPending   events waiting for a write; beyond that an event is not archived (counted, logged)
 * @param maxAttempts  attempts of a BatchWriteItem for the items DynamoDB left unprocessed
 * @param retryBackoff the first wait before such a retry; it doubles each attempt, with jitter
 * @param replayPageSize archived events read per page (a Query on DynamoDB) during a replay
 */
public record ArchiveSettings(boolean enabled, ArchiveTable table, Duration retention, int maxInFlight,
        int maxPending, int maxAttempts, Duration retryBackoff, int replayPageSize) {

    public ArchiveSettings {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("signalbox.archive.retention-days must be at least 1");
        }
        atLeastOne("signalbox.archive.max-in-flight", maxInFlight);
        atLeastOne("signalbox.archive.max-pending", maxPending);
        atLeastOne("signalbox.archive.max-attempts", maxAttempts);
        atLeastOne("signalbox.archive.replay-page-size", replayPageSize);
    }

    /**
     * The archive table: {@code partitionKey} holds the bus, {@code sortKey} orders by event time then id
     * ({@link ArchiveKeys}), {@code ttlAttribute} holds the expiry in epoch seconds.
     */
    public record ArchiveTable(String name, String partitionKey, String sortKey, String ttlAttribute) {
    }

    /** Reads the settings; {@code property} answers a key's value, null when it is not set. */
    public static ArchiveSettings from(Function<String, String> property, ResourceDeclarations resources) {
        boolean enabled = Boolean.parseBoolean(get(property, "signalbox.archive.enabled"));
        String tableName = get(property, "signalbox.archive.table");
        ResourceDeclarations.Table declared = resources.tables().stream().filter(t -> t.name().equals(tableName))
                .findFirst().orElse(null);
        ArchiveTable table = null;
        if (enabled) {
            if (declared == null || declared.sortKey() == null || declared.ttlAttribute() == null) {
                throw new IllegalStateException("signalbox.archive.table is " + tableName + ", but resources.yaml "
                        + (declared == null ? "declares no such table" : "does not give it a sort-key and a ttl-attribute")
                        + ": declare it with partition-key (the bus), sort-key (event time#id) and ttl-attribute, "
                        + "or set signalbox.archive.enabled=false");
            }
            table = new ArchiveTable(declared.name(), declared.partitionKey(), declared.sortKey(), declared.ttlAttribute());
        }
        return new ArchiveSettings(enabled, table, Duration.ofDays(number(property, "signalbox.archive.retention-days")),
                (int) number(property, "signalbox.archive.max-in-flight"),
                (int) number(property, "signalbox.archive.max-pending"),
                (int) number(property, "signalbox.archive.max-attempts"),
                Duration.ofMillis(number(property, "signalbox.archive.retry-backoff-ms")),
                (int) number(property, "signalbox.archive.replay-page-size"));
    }

    private static String get(Function<String, String> property, String key) {
        String value = property.apply(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Property " + key + " is not set");
        }
        return value.trim();
    }

    private static long number(Function<String, String> property, String key) {
        String value = get(property, key);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Property " + key + " must be a whole number, not '" + value + "'");
        }
    }

    private static void atLeastOne(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
    }
}
