package io.signalbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.signalbox.idempotency.DynamoDbClaimStore;
import io.signalbox.local.LocalStandins;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The stand-in's own ceiling: how many writes per second DynamoDB Local takes in one JVM on this machine, with
 * nothing of Signalbox around it, the way the idempotency claims (conditional puts, alone or as one
 * TransactWriteItems) and the jobs' results (BatchWriteItem) use it. It is the bound under every DynamoDB-backed
 * floor of the other benchmarks.
 *
 * <p>Run: {@code java @bin/jvm.options -cp target/signalbox.jar:target/test-classes
 * io.signalbox.bench.DynamoDbLocalBenchmark}. System properties: {@code bench.items} (8000 per measurement),
 * {@code bench.rounds} (3: the first is warm-up), {@code bench.disk} (false: in memory; true: a temp dir, as
 * Signalbox's {@code data/}, with its SQLite pragmas). Prints items/s and CPU per item (client and server together) per round.
 */
public final class DynamoDbLocalBenchmark {

    private static final String TABLE = "bench-claims";
    private static final String CONDITION = DynamoDbClaimStore.CLAIM_CONDITION;
    private static final Map<String, String> NAMES = DynamoDbClaimStore.CLAIM_NAMES;
    private static final String KEY = NAMES.get("#k");

    private DynamoDbLocalBenchmark() {
    }

    @FunctionalInterface
    private interface Op {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int items = BenchSupport.intProperty("bench.items", 8000);
        int rounds = BenchSupport.intProperty("bench.rounds", 3);
        boolean disk = Boolean.getBoolean("bench.disk");
        System.out.println("== DynamoDB Local benchmark ==");
        System.out.println("machine   " + BenchSupport.machine());
        System.out.println("jvm       " + BenchSupport.jvmOptions());
        Path dir = disk ? Files.createTempDirectory("signalbox-ddb-bench-") : null;
        int port = BenchSupport.freePort();
        // both stand-ins as Signalbox starts them (on disk: DynamoDB Local with Signalbox's SQLite pragmas)
        LocalStandins standins = LocalStandins.startAsync("127.0.0.1", BenchSupport.freePort(), port, "us-east-1",
                "000000000000", dir).get(120, TimeUnit.SECONDS);
        try (DynamoDbClient ddb = BenchSupport.localClient(DynamoDbClient.builder(), port)) {
            ddb.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY)
                            .attributeType(ScalarAttributeType.S).build()));
            System.out.printf(Locale.ROOT, "data      %s; %d items per measurement, %d rounds (round 0 is warm-up)%n%n",
                    disk ? "on disk in " + dir : "in memory", items, rounds);
            for (int r = 0; r < rounds; r++) {
                String round = "r" + r + "-";
                measure(r, "conditional PutItem, 1 thread", items, 1, i -> claim(ddb, round + "a" + i), 1);
                measure(r, "conditional PutItem, 16 threads", items, 16, i -> claim(ddb, round + "b" + i), 1);
                for (int threads : new int[] {1, 4}) {
                    String prefix = round + "t" + threads + "-";
                    measure(r, "TransactWriteItems of 25, " + threads + " thread(s)", items / 25, threads, i -> {
                        List<TransactWriteItem> puts = new ArrayList<>(25);
                        for (int j = 0; j < 25; j++) {
                            String key = prefix + (i * 25 + j);
                            puts.add(TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(item(key))
                                    .conditionExpression(CONDITION).expressionAttributeNames(NAMES)
                                    .expressionAttributeValues(values())).build());
                        }
                        ddb.transactWriteItems(b -> b.transactItems(puts));
                    }, 25);
                }
                measure(r, "BatchWriteItem of 25, 2 threads", items / 25, 2, i -> {
                    List<WriteRequest> writes = new ArrayList<>(25);
                    for (int j = 0; j < 25; j++) {
                        String key = round + "w" + (i * 25 + j);
                        writes.add(WriteRequest.builder().putRequest(p -> p.item(item(key))).build());
                    }
                    ddb.batchWriteItem(b -> b.requestItems(Map.of(TABLE, writes)));
                }, 25);
                System.out.println();
            }
        } finally {
            standins.close();
            BenchSupport.deleteRecursively(dir);
        }
        System.exit(0);
    }

    private static void claim(DynamoDbClient ddb, String key) {
        ddb.putItem(b -> b.tableName(TABLE).item(item(key)).conditionExpression(CONDITION)
                .expressionAttributeNames(NAMES).expressionAttributeValues(values()));
    }

    /** An idempotency claim's shape: key, state, lease, TTL. */
    private static Map<String, AttributeValue> item(String key) {
        long now = System.currentTimeMillis();
        return Map.of(KEY, AttributeValue.fromS(key), NAMES.get("#s"), AttributeValue.fromS("processing"),
                NAMES.get("#l"), AttributeValue.fromN(Long.toString(now + 300_000)),
                NAMES.get("#e"), AttributeValue.fromN(Long.toString(now / 1000 + 86_400)));
    }

    private static Map<String, AttributeValue> values() {
        long now = System.currentTimeMillis();
        return Map.of(":nowSeconds", AttributeValue.fromN(Long.toString(now / 1000)),
                ":processing", AttributeValue.fromS("processing"), ":nowMillis", AttributeValue.fromN(Long.toString(now)));
    }

    /** Runs {@code op} for 0..n-1 on {@code threads} threads; each op writes {@code itemsPerOp} items. */
    private static void measure(int round, String what, int n, int threads, Op op, int itemsPerOp) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    op.run(i);
                }
                return null;
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMs = (BenchSupport.processCpuNanos() - cpu0) / 1e6;
        int written = n * itemsPerOp;
        System.out.printf(Locale.ROOT, "round %d  %-40s %,8.0f items/s   %.3f ms CPU per item%n", round, what,
                written / seconds, cpuMs / written);
    }
}
