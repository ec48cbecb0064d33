package io.signalbox.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only SQLite does itself: the database's sweeper deletes an archived event once its TTL has passed. */
class SqlArchiveStoreTest {

    @TempDir
    Path dir;

    @Test
    void anExpiredArchivedEventIsSweptAndAnUnexpiredOneKept() {
        try (EngineFixture fixture = EngineFixture.open(Stores.Engine.SQLITE, dir,
                List.of(new ResourceDeclarations.Table("event-archive", "bus", "archived", "expires_at")))) {
            ArchiveSettings.ArchiveTable table = new ArchiveSettings.ArchiveTable("event-archive", "bus", "archived",
                    "expires_at");
            SqlArchiveStore store = new SqlArchiveStore(fixture.database(), table);
            ArchivedEvent fresh = ArchiveStoreContractIT.event("default", "fresh", "2024-01-15T10:00:00Z");
            ArchivedEvent old = ArchiveStoreContractIT.event("default", "old", "2024-01-15T10:00:00Z");
            long past = Instant.now().getEpochSecond() - 1;
            store.write(List.of(fresh, new ArchivedEvent(old.bus(), old.key(), old.id(), old.time(), old.source(),
                    old.detailType(), old.event(), past))).join();

            assertEquals(1, fixture.database().sweep());
            ArchiveKeys.KeyRange range = ArchiveKeys.range(Instant.parse("2024-01-15T10:00:00Z"),
                    Instant.parse("2024-01-15T10:00:01Z")).orElseThrow();
            assertEquals(List.of(fresh), store.read("default", range, 100, null).join().events());
        }
    }
}
