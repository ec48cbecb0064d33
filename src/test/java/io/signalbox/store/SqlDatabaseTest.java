package io.signalbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite database itself: group commit, atomic writes, restart, the lock file, expiry, schema checks. */
class SqlDatabaseTest {

    static final ResourceDeclarations.Table COUNTERS = new ResourceDeclarations.Table("counters", "id", null, null);
    static final ResourceDeclarations.Table CLAIMS = new ResourceDeclarations.Table("claims", "key", null, "expires_at");

    @TempDir
    Path dir;

    static ObjectNode counter(String id, long value) {
        return Items.object().put("id", id).put("value", value);
    }

    /** Adds one to counter {@code id} by reading and writing it: safe only because one connection writes. */
    static CompletableFuture<Long> increment(SqlDatabase db, String id) {
        SqlTable t = db.table("counters");
        return db.write(s -> {
            ObjectNode c = t.get(s, ItemKey.of(id));
            long next = c == null ? 1 : c.get("value").longValue() + 1;
            t.put(s, counter(id, next));
            return next;
        });
    }

    @Test
    void concurrentReadModifyWritesLoseNoUpdateAndShareCommits() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(dir.resolve("db")), List.of(COUNTERS))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<CompletableFuture<Long>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    for (int j = 0; j < 500; j++) {
                        CompletableFuture<Long> f = increment(db, "c");
                        synchronized (all) {
                            all.add(f);
                        }
                    }
                });
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            long value = db.read(s -> db.table("counters").get(s, ItemKey.of("c"))).get("value").longValue();
            assertEquals(4000, value);
            assertTrue(db.transactions() < db.writes(), "writes waiting together commit together: "
                    + db.transactions() + " transactions for " + db.writes() + " writes");
        }
    }

    @Test
    void aFailingWriteIsRolledBackAloneAndTheOthersOfItsTransactionCommit() throws Exception {
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(dir.resolve("db")), List.of(COUNTERS))) {
            SqlTable t = db.table("counters");
            // hold the writer so that the three writes queue up and run in one transaction
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Object> holder = db.write(s -> gate.join());
            CompletableFuture<Boolean> before = db.write(s -> t.insertIfAbsent(s, counter("a", 1)));
            CompletableFuture<Object> failing = db.write(s -> {
                t.put(s, counter("b", 1));
                throw new IllegalStateException("refused");
            });
            CompletableFuture<Boolean> after = db.write(s -> t.insertIfAbsent(s, counter("c", 1)));
            gate.complete(null);
            holder.join();
            assertTrue(before.join());
            assertTrue(after.join());
            CompletionException e = assertThrows(CompletionException.class, failing::join);
            assertEquals("refused", e.getCause().getMessage());
            assertNotNull(db.read(s -> t.get(s, ItemKey.of("a"))));
            assertNull(db.read(s -> t.get(s, ItemKey.of("b"))), "the failed write left nothing behind");
            assertNotNull(db.read(s -> t.get(s, ItemKey.of("c"))));
        }
    }

    @Test
    void aRestartOnTheSameFileKeepsEveryRow() {
        Path file = dir.resolve("signalbox.db");
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS))) {
            for (int i = 0; i < 100; i++) {
                increment(db, "c" + i).join();
            }
        }
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS))) {
            assertEquals(100L, (long) db.read(s -> db.table("counters").count(s)));
            assertEquals(1, db.read(s -> db.table("counters").get(s, ItemKey.of("c42"))).get("value").intValue());
        }
    }

    @Test
    void aSecondSignalboxOnTheSameFileIsRefused() {
        Path file = dir.resolve("signalbox.db");
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS)));
            assertTrue(e.getMessage().contains("Another Signalbox is using"), e.getMessage());
        }
        // released on close
        SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS)).close();
    }

    @Test
    void expiredRowsAreSweptAndOthersKept() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        long now = clock.instant().getEpochSecond();
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(dir.resolve("db")), List.of(CLAIMS), clock)) {
            SqlTable t = db.table("claims");
            db.writeAndWait(s -> {
                for (int i = 0; i < 1200; i++) {
                    t.put(s, Items.object().put("key", "old-" + i).put("expires_at", now - 1 - i));
                }
                t.put(s, Items.object().put("key", "fresh").put("expires_at", now + 60));
                t.put(s, Items.object().put("key", "forever"));
                return null;
            });
            assertEquals(1200L, db.sweep(), "swept in chunks of " + SqlDatabase.SWEEP_CHUNK);
            assertEquals(2L, (long) db.read(t::count));
            assertNotNull(db.read(s -> t.get(s, ItemKey.of("fresh"))));
            assertNotNull(db.read(s -> t.get(s, ItemKey.of("forever"))));
        }
    }

    @Test
    void theSweeperRunsOnItsOwn() {
        SqlDatabase.Options options = new SqlDatabase.Options(dir.resolve("db"), "NORMAL", 256, 2, Duration.ofMillis(50));
        try (SqlDatabase db = SqlDatabase.open(options, List.of(CLAIMS))) {
            SqlTable t = db.table("claims");
            db.writeAndWait(s -> {
                t.put(s, Items.object().put("key", "old").put("expires_at", 1L));
                return null;
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> db.read(s -> t.get(s, ItemKey.of("old"))) == null);
        }
    }

    @Test
    void aTableDeclaredWithOtherKeysThanItWasCreatedWithIsRefusedByName() {
        Path file = dir.resolve("signalbox.db");
        SqlDatabase.open(SqlDatabase.Options.file(file), List.of(COUNTERS)).close();
        ResourceDeclarations.Table rekeyed = new ResourceDeclarations.Table("counters", "id", "part", null);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SqlDatabase.open(SqlDatabase.Options.file(file), List.of(rekeyed)));
        assertTrue(e.getMessage().contains("Table counters is declared in resources.yaml with partition key id, "
                + "sort key part"), e.getMessage());
    }

    @Test
    void theFileUsesTheWriteAheadLogAndTheDeclaredSynchronousSetting() {
        SqlDatabase.Options full = new SqlDatabase.Options(dir.resolve("db"), "full", 256, 1, Duration.ZERO);
        try (SqlDatabase db = SqlDatabase.open(full, List.of(COUNTERS))) {
            assertEquals("wal", db.read(s -> pragma(s, "journal_mode")));
            // a pragma of the writer's connection: FULL is 2
            assertEquals("2", db.writeAndWait(s -> pragma(s, "synchronous")));
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new SqlDatabase.Options(dir.resolve("db"), "sometimes", 256, 1, Duration.ZERO));
        assertTrue(bad.getMessage().contains("NORMAL or FULL"), bad.getMessage());
    }

    @Test
    void inMemoryTheOneConnectionServesReadsAndWrites() {
        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.inMemory(), List.of(COUNTERS))) {
            for (int i = 0; i < 50; i++) {
                increment(db, "m").join();
            }
            assertEquals(50, db.read(s -> db.table("counters").get(s, ItemKey.of("m"))).get("value").intValue());
        }
    }

    private static String pragma(SqlSession s, String name) throws java.sql.SQLException {
        try (ResultSet rs = s.prepare("PRAGMA " + name).executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
