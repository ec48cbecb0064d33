package io.signalbox.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Orders per second end to end in profile local, one JVM: PutEvents of 10 {@code Order Created} entries (seed
 * 001's shape, over loopback HTTP) → order-events-rule → order-queue → ingest → router (idempotency claim) →
 * {@code handler-order-created} (validation, conditional put in {@code orders}) → {@code Notification Sent} on
 * custom-event-bus → notification-queue → ingest → router → {@code handler-notification-sent} → a message in the
 * {@code notifications} queue, which receiver threads drain. An order's latency runs from its PutEvents send to
 * the receive of its notification; the rate is orders / (last notification received − first send). After the
 * measured phase the orders table is counted (every order stored once).
 *
 * <p>Run: {@code java -cp target/signalbox.jar:target/test-classes io.signalbox.bench.OrderBenchmark
 * [--signalbox.some.property=value ...]}. System properties: {@code bench.warmup} (2000), {@code bench.orders}
 * (20000), {@code bench.senders} (4), {@code bench.receivers} (2), {@code bench.maxSeconds} (300). Exits 1 when the
 * floor (1,000 orders/s) is missed or not every order arrived.
 */
public final class OrderBenchmark {

    static final int BATCH = 10;
    static final double FLOOR_ORDERS_PER_SECOND = 1_000;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final OrderEventsSender orderEvents;
    private final SqsClient sqs;
    private final AtomicLongArray sent;
    private final AtomicLongArray received;
    private final AtomicInteger arrivedTotal = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final long deadline;

    private OrderBenchmark(int total, int httpPort, SqsClient sqs, long deadline) {
        this.orderEvents = new OrderEventsSender(httpPort, "BENCH-" + run + "-");
        this.sqs = sqs;
        this.sent = new AtomicLongArray(total);
        this.received = new AtomicLongArray(total);
        this.deadline = deadline;
    }

    public static void main(String[] args) throws Exception {
        int warmup = BenchSupport.intProperty("bench.warmup", 2_000);
        int orders = BenchSupport.intProperty("bench.orders", 20_000);
        int senders = BenchSupport.intProperty("bench.senders", 4);
        int receivers = BenchSupport.intProperty("bench.receivers", 2);
        int maxSeconds = BenchSupport.intProperty("bench.maxSeconds", 300);
        long started = System.nanoTime();
        long deadline = started + maxSeconds * 1_000_000_000L;

        Map<String, String> overrides = BenchSupport.overrides(args, Map.of("signalbox.handlers.log-level", "OFF"));
        int exit = 1;
        BenchSignalbox signalbox = new BenchSignalbox();
        overrides.forEach(signalbox::with);
        Thread hook = new Thread(signalbox::close, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Thread> receiverThreads = new ArrayList<>();
        OrderBenchmark bench = null;
        try {
            signalbox.start(context -> { });
            String sqsPort = signalbox.properties().get("signalbox.local.sqs-port");
            SqsClient sqs = BenchSupport.localClient(SqsClient.builder(), Integer.parseInt(sqsPort));
            bench = new OrderBenchmark(warmup + orders, signalbox.httpPort(), sqs, deadline);
            System.out.println();
            System.out.println("== Signalbox order benchmark ==");
            System.out.println("machine   " + BenchSupport.machine());
            System.out.println("jvm       " + BenchSupport.jvmOptions());
            System.out.printf(Locale.ROOT, "load      warm-up %d + measured %d orders, PutEvents of %d entries, %d senders,"
                    + " %d notification receivers, bound %d s%n", warmup, orders, BATCH, senders, receivers, maxSeconds);
            System.out.println("flow      PutEvents Order Created -> order-queue -> handler-order-created (orders table)"
                    + " -> Notification Sent -> notification-queue -> handler-notification-sent -> notifications queue");
            System.out.println("overrides " + overrides);
            String url = sqs.getQueueUrl(b -> b.queueName("notifications")).queueUrl();
            for (int r = 0; r < receivers; r++) {
                OrderBenchmark b = bench;
                Thread t = new Thread(() -> b.receive(url), "bench-receiver-" + r);
                t.setDaemon(true);
                t.start();
                receiverThreads.add(t);
            }
            Result warm = bench.run("warm-up", 0, warmup, senders);
            Result measured = bench.run("measured", warmup, orders, senders);
            bench.stop.set(true);

            // counted through the DynamoDB read API Signalbox serves over its tables
            DynamoDbClient ddb = BenchSupport.localClient(DynamoDbClient.builder(), signalbox.httpPort());
            long stored = countOrders(ddb);
            ddb.close();

            System.out.println();
            System.out.println("phase      orders  accepted  notified  wall s   orders/s | latency ms: p50     p90     p99     max");
            for (Result r : List.of(warm, measured)) {
                System.out.printf(Locale.ROOT, "%-9s %7d  %8d  %8d  %6.2f  %8.0f | %18s  %6s  %6s  %6s%n", r.name, r.count,
                        r.accepted, r.arrived, r.wallNanos / 1e9, r.perSecond(),
                        BenchSupport.ms(BenchSupport.percentile(r.latencies, 50)),
                        BenchSupport.ms(BenchSupport.percentile(r.latencies, 90)),
                        BenchSupport.ms(BenchSupport.percentile(r.latencies, 99)),
                        BenchSupport.ms(r.latencies.length == 0 ? 0 : r.latencies[r.latencies.length - 1]));
            }
            System.out.printf(Locale.ROOT, "orders stored in the orders table: %d of %d; duplicate notifications: %d%n",
                    stored, warmup + orders, bench.duplicates.get());
            boolean complete = measured.arrived == orders && warm.arrived == warmup && stored == warmup + orders;
            double rate = measured.perSecond();
            System.out.printf(Locale.ROOT, "RESULT %s: %.0f orders/s end to end (floor %.0f: %s), p50 %s ms, p99 %s ms%n",
                    complete ? "complete" : "INCOMPLETE", rate, FLOOR_ORDERS_PER_SECOND,
                    rate >= FLOOR_ORDERS_PER_SECOND ? "met" : "NOT met",
                    BenchSupport.ms(BenchSupport.percentile(measured.latencies, 50)),
                    BenchSupport.ms(BenchSupport.percentile(measured.latencies, 99)));
            exit = complete && rate >= FLOOR_ORDERS_PER_SECOND ? 0 : 1;
            sqs.close();
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e);
            e.printStackTrace();
        } finally {
            if (bench != null) {
                bench.stop.set(true);
            }
            signalbox.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down
            }
        }
        System.out.printf(Locale.ROOT, "Total run time %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(exit);
    }

    private Result run(String name, int from, int count, int senders) throws InterruptedException {
        Result result = new Result(name, count);
        if (count == 0) {
            return result;
        }
        int batches = (count + BATCH - 1) / BATCH;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        int arrivedBefore = arrivedTotal.get();
        long first = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                int b;
                while ((b = next.getAndIncrement()) < batches && System.nanoTime() < deadline) {
                    int seq = from + b * BATCH;
                    int size = Math.min(BATCH, from + count - seq);
                    long now = System.nanoTime();
                    for (int i = 0; i < size; i++) {
                        sent.set(seq + i, now);
                    }
                    try {
                        HttpResponse<String> response = orderEvents.send(seq, size, n -> "");
                        if (OrderEventsSender.failedEntryCount(response, size) == 0) {
                            accepted.addAndGet(size);
                        } else {
                            System.err.println("PutEvents refused: " + response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        System.err.println("PutEvents failed: " + e);
                    }
                }
            }, "bench-sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        while (arrivedTotal.get() - arrivedBefore < accepted.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        long last = 0;
        long[] latencies = new long[count];
        int n = 0;
        for (int i = from; i < from + count; i++) {
            long r = received.get(i);
            if (r != 0) {
                latencies[n++] = r - sent.get(i);
                last = Math.max(last, r);
            }
        }
        result.accepted = accepted.get();
        result.arrived = n;
        result.wallNanos = (last == 0 ? System.nanoTime() : last) - first;
        result.latencies = Arrays.copyOf(latencies, n);
        Arrays.sort(result.latencies);
        System.out.printf(Locale.ROOT, "%s: %d sent, %d accepted, %d notified%n", name, count, result.accepted, n);
        return result;
    }

    /** Drains the notifications queue, recording when each order's notification arrived. */
    private void receive(String url) {
        ObjectMapper json = new ObjectMapper();
        String prefix = "BENCH-" + run + "-";
        while (!stop.get()) {
            try {
                List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                        .messages();
                long now = System.nanoTime();
                if (messages.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
                for (Message m : messages) {
                    JsonNode n = json.readTree(m.body());
                    String orderId = n.path("order_id").asText();
                    if (orderId.startsWith(prefix)) {
                        int seq = Integer.parseInt(orderId.substring(prefix.length()));
                        if (received.compareAndSet(seq, 0, now)) {
                            arrivedTotal.incrementAndGet();
                        } else {
                            duplicates.incrementAndGet();
                        }
                    }
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(deletes.size()))
                            .receiptHandle(m.receiptHandle()).build());
                }
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(deletes));
            } catch (Exception e) {
                if (!stop.get()) {
                    System.err.println("Receive failed: " + e);
                }
            }
        }
    }

    private static long countOrders(DynamoDbClient ddb) {
        long count = 0;
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> start = null;
        do {
            var from = start;
            var page = ddb.scan(b -> b.tableName("orders").select(Select.COUNT).exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    private static final class Result {
        final String name;
        final int count;
        int accepted;
        int arrived;
        long wallNanos;
        long[] latencies = new long[0];

        Result(String name, int count) {
            this.name = name;
            this.count = count;
        }

        double perSecond() {
            return wallNanos <= 0 ? 0 : arrived / (wallNanos / 1e9);
        }
    }
}
