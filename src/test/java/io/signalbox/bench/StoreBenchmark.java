package io.signalbox.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signalbox.archive.ArchiveSettings;
import io.signalbox.archive.EventArchive;
import io.signalbox.archive.SqlArchiveStore;
import io.signalbox.bus.PutEventsRequest;
import io.signalbox.config.ConfigFiles;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.idempotency.ClaimStore;
import io.signalbox.idempotency.SqlClaimStore;
import io.signalbox.inventory.InsufficientStockException;
import io.signalbox.inventory.InventoryAction;
import io.signalbox.inventory.InventoryChange;
import io.signalbox.inventory.SqlInventoryStore;
import io.signalbox.store.SqlDatabase;

/**
 * The SQLite store's own throughput, with the production settings (application.properties' {@code signalbox.store.*}:
 * WAL, {@code synchronous=NORMAL}, group commit of up to 256 writes, 4 readers) on a file in a temporary directory,
 * the tables of config/resources.yaml, and the stores the routes use, from {@code bench.threads} (4) threads:
 *
 * <ul>
 * <li><b>claims</b>: the router's idempotency claim and its confirmation per event ({@link SqlClaimStore}: claim
 * waited for, confirmation off the path, as the router does them), a new key each time;</li>
 * <li><b>stock</b>: conditional stock updates ({@link SqlInventoryStore#apply}: a sale of 1 on condition of stock,
 * with its applied-event marker) over 1,000 items, each thread waiting for each one, then each keeping
 * {@value #STOCK_IN_FLIGHT} outstanding as the asynchronous handler route does (the floor applies to the latter);</li>
 * <li><b>archive</b>: events handed to the archive as PutEvents hands them over ({@link EventArchive#accepted},
 * 10 per call), until every one is written.</li>
 * </ul>
 *
 * <p>Run: {@code java @bin/jvm.options -cp target/signalbox.jar:target/test-classes io.signalbox.bench.StoreBenchmark}.
 * System properties: {@code bench.threads} (4), {@code bench.ops} (200000 per measured round), {@code bench.rounds}
 * (3, after one warm-up round), {@code bench.synchronous} (NORMAL; FULL flushes every commit to disk).
 * The floors are issue 14's: claims 30,000/s, stock updates 30,000/s, archive inserts 50,000/s.
 */
public final class StoreBenchmark {

    static final double FLOOR_CLAIMS = 30_000;
    static final double FLOOR_STOCK = 30_000;
    static final double FLOOR_ARCHIVE = 50_000;
    static final int ITEMS = 1_000;
    /**
     * Stock updates each thread keeps outstanding, as the handler route does: its store call answers a future, so
     * the messages of one ingest poll (up to 10) are in the store at once; 16 stands for a little more than a poll.
     */
    static final int STOCK_IN_FLIGHT = 16;
    private static final AtomicLong failures = new AtomicLong();

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = BenchSupport.intProperty("bench.threads", 4);
        int ops = BenchSupport.intProperty("bench.ops", 200_000);
        int rounds = BenchSupport.intProperty("bench.rounds", 3);
        List<String> scenarios = List.of(System.getProperty("bench.scenarios", "claims,stock,archive").split(","));
        Properties defaults = new Properties();
        try (InputStream in = StoreBenchmark.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        String synchronous = System.getProperty("bench.synchronous", defaults.getProperty("signalbox.store.synchronous"));
        Function<String, String> property = key -> key.equals("signalbox.store.synchronous") ? synchronous
                : key.equals("signalbox.archive.max-pending") ? Integer.toString(Integer.MAX_VALUE)
                : defaults.getProperty(key);
        ResourceDeclarations resources = ConfigFiles.read(BenchSupport.repoConfigDir().toString(), "resources.yaml",
                ResourceDeclarations.class);
        Path dir = Files.createTempDirectory("signalbox-store-bench-");
        System.out.println("== Signalbox store benchmark (SQLite) ==");
        System.out.println("machine   " + BenchSupport.machine());
        System.out.println("jvm       " + BenchSupport.jvmOptions());
        SqlDatabase.Options options = SqlDatabase.Options.from(dir.resolve("signalbox.db"), property);
        System.out.printf(Locale.ROOT, "database  %s, synchronous=%s, max batch %d, %d readers%n",
                dir.resolve("signalbox.db"), options.synchronous(), options.maxBatch(), options.readers());
        System.out.printf(Locale.ROOT, "load      %d threads, %,d operations per round, 1 warm-up + %d rounds%n%n",
                threads, ops, rounds);
        List<String> results = new ArrayList<>();
        boolean met = true;
        try (SqlDatabase db = SqlDatabase.open(options, resources.tables())) {
            if (scenarios.contains("claims")) {
            SqlClaimStore claims = new SqlClaimStore(db, defaults.getProperty("signalbox.idempotency.table"),
                    Duration.ofHours(24), Duration.ofSeconds(300), Clock.systemUTC());
            claims.start();
            double best = 0;
            for (int round = 0; round <= rounds; round++) {
                double rate = measure(db, threads, ops, (thread, i) -> {
                    String key = UUID.randomUUID().toString();
                    if (claims.claim(key).outcome() != ClaimStore.Outcome.CLAIMED) {
                        throw new IllegalStateException("a new key was not claimed: " + key);
                    }
                    claims.confirmLater(key);
                    return null;
                });
                best = report("claims", round, rate, "claim + confirm pairs/s", best);
            }
            met &= result(results, "claims (claim + confirm)", best, FLOOR_CLAIMS);
            }
            if (scenarios.contains("stock")) {

            SqlInventoryStore stock = new SqlInventoryStore(db, defaults.getProperty("signalbox.inventory.table"),
                    Duration.ofMinutes(60));
            Instant now = Instant.now();
            List<CompletableFuture<?>> restocks = new ArrayList<>();
            for (int i = 0; i < ITEMS; i++) {
                restocks.add(stock.apply(new InventoryChange(item(i), InventoryAction.RESTOCK, 100_000_000, null),
                        "restock-" + i, now, now));
            }
            CompletableFuture.allOf(restocks.toArray(CompletableFuture[]::new)).join();
            double best = 0;
            for (int inFlight : new int[] {1, STOCK_IN_FLIGHT}) {
                best = 0;
                Semaphore[] slots = new Semaphore[threads];
                for (int t = 0; t < threads; t++) {
                    slots[t] = new Semaphore(inFlight);
                }
                for (int round = 0; round <= rounds; round++) {
                    double rate = measure(db, threads, ops, (thread, i) -> {
                        Instant t = Instant.now();
                        Semaphore slot = slots[thread];
                        slot.acquire();
                        stock.apply(new InventoryChange(item((int) ((thread * 7919L + i) % ITEMS)), InventoryAction.SALE,
                                1, null), UUID.randomUUID().toString(), t, t).whenComplete((applied, e) -> {
                                    slot.release();
                                    if (e != null && !(e.getCause() instanceof InsufficientStockException)) {
                                        failures.incrementAndGet();
                                    }
                                });
                        if (i == ops / threads - 1) {
                            slot.acquire(inFlight); // the thread's last ones are done
                            slot.release(inFlight);
                        }
                        return null;
                    });
                    best = report("stock", round, rate, "conditional stock updates/s, " + inFlight
                            + " per thread in flight", best);
                }
                if (failures.get() > 0) {
                    throw new IllegalStateException(failures.get() + " stock updates failed");
                }
                System.out.println();
            }
            met &= result(results, "stock (conditional updates)", best, FLOOR_STOCK);
            }
            if (scenarios.contains("archive")) {

            ArchiveSettings archiveSettings = ArchiveSettings.from(property, resources);
            double best = 0;
            for (int round = 0; round <= rounds; round++) {
                double rate = archive(db, archiveSettings, threads, ops);
                best = report("archive", round, rate, "archive inserts/s", best);
            }
            met &= result(results, "archive (inserts)", best, FLOOR_ARCHIVE);
            }
            System.out.printf(Locale.ROOT, "%ncommits   %,d writes in %,d transactions (%.1f writes per commit)%n",
                    db.writes(), db.transactions(), db.writes() / (double) Math.max(1, db.transactions()));
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
        System.out.println();
        results.forEach(line -> System.out.println("RESULT " + line));
        System.exit(met ? 0 : 1);
    }

    private static String item(int i) {
        return String.format("BENCH-%04d", i);
    }

    /** One operation of thread {@code thread}, its {@code i}th. */
    @FunctionalInterface
    private interface Operation {
        Object run(int thread, int i) throws Exception;
    }

    /** Operations per second of {@code threads} threads sharing {@code ops} operations. */
    private static double measure(SqlDatabase db, int threads, int ops, Operation op) throws Exception {
        int per = ops / threads;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong failures = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < per; i++) {
                        op.run(thread, i);
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    done.countDown();
                }
            }, "bench-" + t);
            worker.start();
        }
        long began = System.nanoTime();
        start.countDown();
        done.await();
        db.writeAndWait(s -> null); // what was written off the path (confirmations) is committed too
        double seconds = (System.nanoTime() - began) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " thread(s) failed");
        }
        return per * threads / seconds;
    }

    /** Events archived per second: handed over 10 at a time from {@code threads} threads, until all are written. */
    private static double archive(SqlDatabase db, ArchiveSettings settings, int threads, int events) throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        EventArchive archive = new EventArchive(new SqlArchiveStore(db, settings.table()), settings, meters,
                Clock.systemUTC());
        ObjectNode detail = JsonNodeFactory.instance.objectNode().put("order_id", "ORD-001").put("customer_id", "CUST-001")
                .put("total", 59.98);
        int per = events / threads / 10;
        List<List<PutEventsRequest.Entry>> calls = new ArrayList<>();
        Instant time = Instant.now();
        for (int c = 0; c < per * threads; c++) {
            List<PutEventsRequest.Entry> entries = new ArrayList<>(10);
            for (int e = 0; e < 10; e++) {
                entries.add(PutEventsRequest.Entry.of("custom-event-bus", "orders", "Order Created", detail, null,
                        time, "000000000000", "us-east-1"));
            }
            calls.add(entries);
        }
        Semaphore finished = new Semaphore(0);
        long began = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            List<List<PutEventsRequest.Entry>> mine = calls.subList(t * per, (t + 1) * per);
            new Thread(() -> {
                mine.forEach(archive::accepted);
                finished.release();
            }, "bench-archive-" + t).start();
        }
        finished.acquire(threads);
        archive.close(Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - began) / 1e9;
        double archived = meters.find("signalbox.archived").counters().stream().mapToDouble(c -> c.count()).sum();
        double failed = meters.find("signalbox.archive.failed").counters().stream().mapToDouble(c -> c.count()).sum();
        if (archived != per * threads * 10 || failed > 0) {
            throw new IllegalStateException("archived " + archived + " of " + per * threads * 10 + ", failed " + failed);
        }
        return archived / seconds;
    }

    private static double report(String name, int round, double rate, String unit, double best) {
        System.out.printf(Locale.ROOT, "%-8s %s %,10.0f %s%n", name, round == 0 ? "warm-up" : "round " + round, rate, unit);
        return round == 0 ? best : Math.max(best, rate);
    }

    private static boolean result(List<String> results, String what, double rate, double floor) {
        results.add(String.format(Locale.ROOT, "%-28s %,10.0f/s (best round) | floor %,.0f: %s", what, rate, floor,
                rate >= floor ? "met" : "NOT met"));
        return rate >= floor;
    }
}
