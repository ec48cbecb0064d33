package io.signalbox.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with {@code kill -9} in the middle of a stream of writes ({@link CrashWriter}) leaves a database
 * that opens, in which each write is wholly there or wholly absent, and which holds every write it acknowledged.
 */
class SqlCrashIT {

    @TempDir
    Path dir;

    @Test
    void killedMidStreamEveryWriteIsWhollyThereOrAbsentAndEveryAcknowledgedOneIsThere() throws Exception {
        Path file = dir.resolve("signalbox.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        Set<Long> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    acknowledged.add(Long.parseLong(line.substring("committed ".length())));
                    if (acknowledged.size() >= 3000) {
                        break;
                    }
                }
            }
            assertTrue(acknowledged.size() >= 3000, "the writer stopped early: " + acknowledged.size());
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(file), CrashWriter.TABLES)) {
            SqlTable pairs = db.table("pairs");
            Set<String> ids = new HashSet<>();
            db.read(s -> {
                pairs.forEach(s, item -> ids.add(item.get("id").asText()));
                return null;
            });
            for (String id : ids) {
                String twin = (id.startsWith("a-") ? "b-" : "a-") + id.substring(2);
                assertTrue(ids.contains(twin), id + " is there without " + twin + ": a write was torn");
            }
            ObjectNode total = db.read(s -> db.table("totals").get(s, ItemKey.of("t")));
            assertNotNull(total);
            assertEquals(ids.size() / 2, total.get("writes").longValue(), "the counter and the rows disagree");
            for (long n : acknowledged) {
                assertTrue(ids.contains("a-" + n), "acknowledged write " + n + " is missing");
            }
        }
    }
}
