package io.signalbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.signalbox.local.LocalStandins;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The SQS stand-in's own ceiling: how many messages per second ElasticMQ carries in one JVM on this machine, with
 * nothing of Signalbox around it, the way the pipeline uses it: senders put EventBridge-shaped events in batches
 * of 10 (as the bus delivers a PutEvents call), receivers take batches of 10 and delete them with one
 * DeleteMessageBatch (as the ingest routes do). Every event of every end-to-end benchmark crosses a queue at
 * least once this way (an order three times: order-queue, notification-queue, notifications), so this is the
 * bound above their floors. Started through {@link LocalStandins}, with Signalbox's own ElasticMQ settings.
 *
 * <p>Run: {@code java @bin/jvm.options -cp target/signalbox.jar:target/test-classes
 * io.signalbox.bench.ElasticMqBenchmark}. System properties: {@code bench.messages} (20000 per measurement),
 * {@code bench.rounds} (3: the first is warm-up), {@code bench.threads} (4 senders and 4 receivers),
 * {@code bench.disk} (true: messages in H2 in a temp dir, as Signalbox's {@code data/}; false: in memory).
 * Prints messages/s and CPU per message (client and server together) per round: sending alone, receiving and
 * deleting alone, and both at once.
 */
public final class ElasticMqBenchmark {

    private static final int BATCH = 10;
    /** When a worker last finished a request: the end of a measurement (an idle long poll does not count). */
    private static final AtomicLong LAST_PROGRESS = new AtomicLong();

    private ElasticMqBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = BenchSupport.intProperty("bench.messages", 20_000) / BATCH * BATCH;
        int rounds = BenchSupport.intProperty("bench.rounds", 3);
        int threads = BenchSupport.intProperty("bench.threads", 4);
        boolean disk = Boolean.parseBoolean(System.getProperty("bench.disk", "true"));
        System.out.println("== ElasticMQ benchmark ==");
        System.out.println("machine   " + BenchSupport.machine());
        System.out.println("jvm       " + BenchSupport.jvmOptions());
        Path dir = disk ? Files.createTempDirectory("signalbox-sqs-bench-") : null;
        int port = BenchSupport.freePort();
        LocalStandins standins = LocalStandins.startAsync("127.0.0.1", port, "us-east-1", "000000000000", dir)
                .get(120, TimeUnit.SECONDS);
        try (SqsClient sqs = BenchSupport.localClient(SqsClient.builder(), port)) {
            String queueUrl = sqs.createQueue(b -> b.queueName("bench-queue")).queueUrl();
            System.out.printf(Locale.ROOT, "data      %s; %,d messages of %d bytes per measurement, batches of %d, "
                    + "%d senders / %d receivers, %d rounds (round 0 is warm-up)%n%n",
                    disk ? "on disk (H2) in " + dir : "in memory", messages, event(0).length(), BATCH, threads,
                    threads, rounds);
            for (int r = 0; r < rounds; r++) {
                int round = r;
                measure(r, "send alone", messages, () -> List.of(senders(sqs, queueUrl, round, 0, messages, threads)));
                measure(r, "receive + delete alone", messages,
                        () -> List.of(receivers(sqs, queueUrl, messages, threads)));
                measure(r, "send, receive + delete at once", messages, () -> List.of(
                        senders(sqs, queueUrl, round, 1, messages, threads), receivers(sqs, queueUrl, messages, threads)));
                System.out.println();
            }
        } finally {
            standins.close();
            BenchSupport.deleteRecursively(dir);
        }
        System.exit(0);
    }

    /** Sends {@code messages} in batches of 10 from {@code threads} threads; returns the running pool. */
    private static Workers senders(SqsClient sqs, String queueUrl, int round, int phase, int messages, int threads) {
        AtomicInteger next = new AtomicInteger();
        return Workers.start(threads, () -> {
            int batch;
            while ((batch = next.getAndIncrement()) < messages / BATCH) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>(BATCH);
                for (int j = 0; j < BATCH; j++) {
                    String id = round + "-" + phase + "-" + (batch * BATCH + j);
                    entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j))
                            .messageBody(event(batch * BATCH + j).replace("{id}", id)).build());
                }
                var response = sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("SendMessageBatch failed: " + response.failed());
                }
                LAST_PROGRESS.accumulateAndGet(System.nanoTime(), Math::max);
            }
        });
    }

    /** Receives and deletes until {@code messages} have been taken, from {@code threads} threads. */
    private static Workers receivers(SqsClient sqs, String queueUrl, int messages, int threads) {
        AtomicInteger taken = new AtomicInteger();
        return Workers.start(threads, () -> {
            while (taken.get() < messages) {
                List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(BATCH)
                        .waitTimeSeconds(1)).messages();
                if (received.isEmpty()) {
                    continue;
                }
                List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>(received.size());
                for (int j = 0; j < received.size(); j++) {
                    deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(j))
                            .receiptHandle(received.get(j).receiptHandle()).build());
                }
                var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
                if (!response.failed().isEmpty()) {
                    throw new IllegalStateException("DeleteMessageBatch failed: " + response.failed());
                }
                taken.addAndGet(received.size());
                LAST_PROGRESS.accumulateAndGet(System.nanoTime(), Math::max);
            }
        });
    }

    /** An event as the bus delivers it: EventBridge's shape, an order's detail. */
    private static String event(int i) {
        return "{\"version\":\"0\",\"id\":\"{id}\",\"detail-type\":\"Order Created\",\"source\":\"orders\","
                + "\"account\":\"000000000000\",\"time\":\"2026-12-03T12:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{\"order_id\":\"ORD-" + i + "\",\"customer_id\":\"CUST-123\","
                + "\"items\":[{\"product_id\":\"PROD-001\",\"quantity\":2,\"price\":29.99}],\"total\":59.98,"
                + "\"status\":\"created\",\"created_at\":\"2026-12-03T12:00:00Z\"}}";
    }

    @FunctionalInterface
    private interface Phase {
        List<Workers> start();
    }

    private static void measure(int round, String what, int messages, Phase phase) throws Exception {
        long cpu0 = BenchSupport.processCpuNanos();
        long t0 = System.nanoTime();
        LAST_PROGRESS.set(t0);
        for (Workers w : phase.start()) {
            w.await();
        }
        double cpuMs = (BenchSupport.processCpuNanos() - cpu0) / 1e6;
        double seconds = (LAST_PROGRESS.get() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "round %d  %-32s %,8.0f messages/s   %.3f ms CPU per message%n", round, what,
                messages / seconds, cpuMs / messages);
    }

    /** A fixed pool running one task per thread. */
    private record Workers(ExecutorService pool, List<Future<?>> tasks) {

        interface Task {
            void run() throws Exception;
        }

        static Workers start(int threads, Task task) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            return new Workers(pool, tasks);
        }

        void await() throws Exception {
            for (Future<?> f : tasks) {
                f.get();
            }
            pool.shutdown();
        }
    }
}
