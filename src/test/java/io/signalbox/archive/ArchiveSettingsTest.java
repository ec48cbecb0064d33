package io.signalbox.archive;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.signalbox.config.ConfigFiles;
import io.signalbox.config.ResourceDeclarations;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The archive's settings come from properties; its key and TTL attributes from the table's declaration. */
class ArchiveSettingsTest {

    private static Map<String, String> defaults() {
        Map<String, String> p = new HashMap<>();
        p.put("signalbox.archive.enabled", "true");
        p.put("signalbox.archive.table", "event-archive");
        p.put("signalbox.archive.retention-days", "365");
        p.put("signalbox.archive.max-in-flight", "8");
        p.put("signalbox.archive.max-pending", "10000");
        p.put("signalbox.archive.max-attempts", "5");
        p.put("signalbox.archive.retry-backoff-ms", "50");
        p.put("signalbox.archive.replay-page-size", "100");
        return p;
    }

    private static ResourceDeclarations builtIn() {
        return ConfigFiles.read("config", "resources.yaml", ResourceDeclarations.class);
    }

    @Test
    void theBuiltInTableAndPropertiesGiveTheSeedsArchive() {
        ArchiveSettings s = ArchiveSettings.from(defaults()::get, builtIn());
        assertEquals(new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived", "expires_at"), s.table());
        assertEquals(Duration.ofDays(365), s.retention());
        assertEquals(8, s.maxInFlight());
        assertEquals(Duration.ofMillis(50), s.retryBackoff());
    }

    @Test
    void anArchiveTableThatIsNotDeclaredWithSortKeyAndTtlFailsStartUpByName() {
        Map<String, String> p = defaults();
        p.put("signalbox.archive.table", "orders");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArchiveSettings.from(p::get, builtIn()));
        assertEquals("signalbox.archive.table is orders, but resources.yaml does not give it a sort-key and a "
                + "ttl-attribute: declare it with partition-key (the bus), sort-key (event time#id) and ttl-attribute, "
                + "or set signalbox.archive.enabled=false", e.getMessage());
        p.put("signalbox.archive.table", "nowhere");
        e = assertThrows(IllegalStateException.class, () -> ArchiveSettings.from(p::get, builtIn()));
        assertEquals("signalbox.archive.table is nowhere, but resources.yaml declares no such table: declare it with "
                + "partition-key (the bus), sort-key (event time#id) and ttl-attribute, or set "
                + "signalbox.archive.enabled=false", e.getMessage());
        // switched off, the table does not matter
        p.put("signalbox.archive.enabled", "false");
        assertNull(ArchiveSettings.from(p::get, new ResourceDeclarations(List.of(), List.of())).table());
    }

    @Test
    void badNumbersAreRefusedByName() {
        Map<String, String> p = defaults();
        p.put("signalbox.archive.retention-days", "a year");
        assertEquals("Property signalbox.archive.retention-days must be a whole number, not 'a year'",
                assertThrows(IllegalStateException.class, () -> ArchiveSettings.from(p::get, builtIn())).getMessage());
        p.put("signalbox.archive.retention-days", "0");
        assertEquals("signalbox.archive.retention-days must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> ArchiveSettings.from(p::get, builtIn())).getMessage());
        p.put("signalbox.archive.retention-days", "365");
        p.remove("signalbox.archive.max-in-flight");
        assertEquals("Property signalbox.archive.max-in-flight is not set",
                assertThrows(IllegalStateException.class, () -> ArchiveSettings.from(p::get, builtIn())).getMessage());
    }
}
