package io.signalbox.store;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;

/**
 * The process {@link SqlCrashIT} kills: four threads write without end, each write inserting two rows and adding
 * one to a counter in one transaction; every committed write is printed ({@code committed <n>}) once its future
 * completed, so the test knows what the database acknowledged before the kill.
 */
public final class CrashWriter {

    static final List<ResourceDeclarations.Table> TABLES = List.of(
            new ResourceDeclarations.Table("pairs", "id", null, null),
            new ResourceDeclarations.Table("totals", "id", null, null));

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.file(Path.of(args[0])), TABLES);
        SqlTable pairs = db.table("pairs");
        SqlTable totals = db.table("totals");
        AtomicLong next = new AtomicLong();
        System.out.println("ready");
        System.out.flush();
        Runnable writer = () -> {
            while (true) {
                long n = next.incrementAndGet();
                db.write(s -> {
                    pairs.insert(s, row("a-" + n));
                    pairs.insert(s, row("b-" + n));
                    ObjectNode t = totals.get(s, ItemKey.of("t"));
                    totals.put(s, Items.object().put("id", "t").put("writes", t == null ? 1 : t.get("writes").longValue() + 1));
                    return n;
                }).thenAccept(committed -> {
                    synchronized (System.out) {
                        System.out.println("committed " + committed);
                        System.out.flush();
                    }
                }).join();
            }
        };
        for (int i = 0; i < 4; i++) {
            new Thread(writer, "crash-writer-" + i).start();
        }
    }

    private static ObjectNode row(String id) {
        return Items.object().put("id", id).put("payload", "x".repeat(200));
    }
}
