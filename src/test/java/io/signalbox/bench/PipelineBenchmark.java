package io.signalbox.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.signalbox.aws.SqsQueueSender;
import io.signalbox.deadletter.DeadLetterRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * End-to-end throughput and latency of the local pipeline, in one JVM: PutEvents (10-entry batches, over
 * loopback HTTP) → rule match → SQS queue (ElasticMQ, messages in H2 on disk) → ingest route (aws2-sqs) →
 * {@code direct:events-in}.
 *
 * <p>Each event carries its sequence number and its send time ({@code System.nanoTime()}, same JVM) in its
 * detail; a route policy on the ingest route sees every exchange it has finished with (the event went through
 * the router and its handler) and records the latency. A warm-up phase runs first, then the measured phase; both are bounded in events and time.
 *
 * <p>Run: {@code java -cp target/signalbox.jar:target/test-classes io.signalbox.bench.PipelineBenchmark
 * [--signalbox.some.property=value ...]}. System properties: {@code bench.warmup} (5000), {@code bench.events}
 * (50000), {@code bench.senders} (4), {@code bench.rate} (offered events/s, 0 = as fast as the senders go),
 * {@code bench.maxSeconds} (300, a bound on the whole run), {@code bench.threadCpu} (true: CPU per thread
 * group during the measured phase).
 */
public final class PipelineBenchmark {

    static final String QUEUE = "order-queue";
    static final int BATCH = 10;
    static final double FLOOR_EVENTS_PER_SECOND = 2_000;

    private final int warmup;
    private final int events;
    private final int senders;
    private final int rate;
    private final long deadline;
    private final OrderEventsSender orders;
    private final Arrivals arrivals;

    private PipelineBenchmark(int warmup, int events, int senders, int rate, long deadline, int httpPort) {
        this.warmup = warmup;
        this.events = events;
        this.senders = senders;
        this.rate = rate;
        this.deadline = deadline;
        this.orders = new OrderEventsSender(httpPort, "ORD-");
        this.arrivals = new Arrivals(warmup + events, warmup);
    }

    public static void main(String[] args) throws Exception {
        int warmup = BenchSupport.intProperty("bench.warmup", 5_000);
        int events = BenchSupport.intProperty("bench.events", 50_000);
        int senders = BenchSupport.intProperty("bench.senders", 4);
        int rate = BenchSupport.intProperty("bench.rate", 0);
        int maxSeconds = BenchSupport.intProperty("bench.maxSeconds", 300);
        boolean threadCpu = Boolean.parseBoolean(System.getProperty("bench.threadCpu", "true"));
        long started = System.nanoTime();
        long deadline = started + maxSeconds * 1_000_000_000L;

        Map<String, String> overrides = BenchSupport.overrides(args,
                Map.of("signalbox.handlers.log-level", System.getProperty("bench.handlerLogLevel", "OFF")));

        int exit = 1;
        BenchSignalbox signalbox = new BenchSignalbox();
        overrides.forEach(signalbox::with);
        // stop Signalbox even when the run is interrupted (Ctrl-C)
        Thread hook = new Thread(signalbox::close, "bench-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            System.out.println("Starting Signalbox in " + signalbox.home());
            PipelineBenchmark bench = new PipelineBenchmark(warmup, events, senders, rate, deadline, signalbox.httpPort());
            ArrivalNotifier notifier = new ArrivalNotifier(bench.arrivals);
            signalbox.start(context -> {
                // the ingest route's exchanges, as each is done (event notifiers see no exchange events here:
                // Camel emits them only if a notifier was there when the context was built)
                context.addRoutePolicyFactory((ctx, routeId, route) -> !("ingest-" + QUEUE).equals(routeId) ? null
                        : new org.apache.camel.support.RoutePolicySupport() {
                            @Override
                            public void onExchangeDone(org.apache.camel.Route r, org.apache.camel.Exchange exchange) {
                                notifier.arrived(exchange);
                            }
                        });
            });
            CamelContext context = signalbox.context();
            printSettings(context, overrides, warmup, events, senders, rate, maxSeconds);

            Phase warm = bench.run("warm-up", 0, warmup, null);
            ThreadCpu cpu = threadCpu ? ThreadCpu.start() : null;
            Phase measured = bench.run("measured", warmup, events, cpu);
            QueueState queue = QueueState.settle(context, deadline);

            printResults(warm, measured, queue, bench.arrivals);
            SqsQueueSender sender = context.getRegistry().lookupByNameAndType("queueSender", SqsQueueSender.class);
            if (sender != null && sender.requests() > 0) {
                System.out.printf(Locale.ROOT, "SQS sends (whole run, bus and notifications): %,d messages in %,d "
                        + "SendMessageBatch requests, %.1f per request%n", sender.messages(), sender.requests(),
                        (double) sender.messages() / sender.requests());
            }
            if (cpu != null) {
                cpu.print(measured.wallNanos());
            }
            exit = measured.complete() ? 0 : 1;
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e);
            e.printStackTrace();
        } finally {
            signalbox.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        System.out.printf(Locale.ROOT, "Total run time %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(exit);
    }

    /** Sends {@code count} events from sequence number {@code from}, then waits for all accepted to arrive. */
    private Phase run(String name, int from, int count, ThreadCpu cpu) throws InterruptedException {
        Phase phase = new Phase(name, count, arrivals.counter(from));
        if (count == 0) {
            return phase;
        }
        AtomicInteger nextBatch = new AtomicInteger();
        int batches = (count + BATCH - 1) / BATCH;
        long[] putLatencies = new long[batches];
        List<Thread> threads = new ArrayList<>();
        phase.firstSend = System.nanoTime();
        if (cpu != null) {
            cpu.mark();
        }
        for (int s = 0; s < senders; s++) {
            Thread t = new Thread(() -> {
                int b;
                while ((b = nextBatch.getAndIncrement()) < batches && System.nanoTime() < deadline) {
                    int first = from + b * BATCH;
                    int size = Math.min(BATCH, from + count - first);
                    long scheduled = rate > 0 ? phase.firstSend + (long) (b * (double) BATCH / rate * 1e9) : 0;
                    if (rate > 0) {
                        // pacing: wait for this batch's slot (latency is counted from the slot, not from the send)
                        long wait;
                        while ((wait = scheduled - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                    long sent = System.nanoTime();
                    long sentNanos = rate > 0 ? scheduled : sent;
                    try {
                        HttpResponse<String> response = orders.send(first, size,
                                seq -> ",\\\"bench_seq\\\":" + seq + ",\\\"bench_sent_nanos\\\":" + sentNanos);
                        putLatencies[b] = System.nanoTime() - sent;
                        int failed = OrderEventsSender.failedEntryCount(response, size);
                        phase.accepted.addAndGet(size - failed);
                        phase.failedEntries.addAndGet(failed);
                        if (failed > 0 && phase.firstError.get() == null) {
                            phase.firstError.compareAndSet(null, response.statusCode() + " " + response.body());
                        }
                    } catch (Exception e) {
                        phase.failedEntries.addAndGet(size);
                        phase.firstError.compareAndSet(null, e.toString());
                    }
                    phase.batchesSent.incrementAndGet();
                }
            }, "bench-sender-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        phase.lastSendDone = System.nanoTime();
        phase.putLatencies = BenchSupport.sortedCopy(putLatencies, phase.batchesSent.get());
        // wait for every accepted event to reach events-in (the arrival times are recorded by the notifier;
        // this loop only decides when to stop looking)
        while (phase.arrived.get() < phase.accepted.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(5_000_000);
        }
        if (cpu != null) {
            cpu.stop();
        }
        phase.latencies = arrivals.latencies(from, count);
        phase.lastArrival = arrivals.lastArrival(from);
        System.out.printf(Locale.ROOT, "%s: %d sent, %d accepted, %d arrived%n", name, count, phase.accepted.get(),
                phase.arrived.get());
        return phase;
    }

    private static void printSettings(CamelContext context, Map<String, String> overrides, int warmup, int events,
            int senders, int rate, int maxSeconds) {
        System.out.println();
        System.out.println("== Signalbox pipeline benchmark ==");
        System.out.println("machine   " + BenchSupport.machine());
        System.out.println("jvm       " + BenchSupport.jvmOptions());
        System.out.printf(Locale.ROOT, "load      warm-up %d + measured %d events, PutEvents of %d entries, %d senders, %s, bound %d s%n",
                warmup, events, BATCH, senders, rate > 0 ? "offered " + rate + " events/s" : "closed loop (as fast as accepted)",
                maxSeconds);
        System.out.println("flow      PutEvents (custom-event-bus, orders/Order Created) -> order-events-rule -> "
                + QUEUE + " -> ingest-" + QUEUE + " -> direct:events-in");
        System.out.println("overrides " + overrides);
        for (String key : new String[] {"signalbox.in-memory", "signalbox.ingest.concurrent-consumers",
                "signalbox.ingest.max-messages-per-poll", "signalbox.ingest.wait-time-seconds",
                "signalbox.ingest.poll-delay-ms", "signalbox.handlers.log-level"}) {
            System.out.printf(Locale.ROOT, "  %-40s %s%n", key,
                    context.getPropertiesComponent().resolveProperty(key).orElse("(unset)"));
        }
        Route route = context.getRoute("ingest-" + QUEUE);
        if (route != null) {
            System.out.println("  ingest endpoint  " + route.getEndpoint().getEndpointUri());
        }
        System.out.println();
    }

    private static void printResults(Phase warm, Phase measured, QueueState queue, Arrivals arrivals) {
        System.out.println();
        System.out.println("phase     events  accepted  arrived  wall s   events/s  send ev/s | latency ms: p50     p90     p99     max | PutEvents ms: p50   p99");
        for (Phase p : List.of(warm, measured)) {
            if (p.count == 0) {
                continue;
            }
            long[] l = p.latencies;
            System.out.printf(Locale.ROOT, "%-8s %7d  %8d  %7d  %6.2f  %9.0f  %9.0f | %18s  %6s  %6s  %6s | %15s  %5s%n",
                    p.name, p.count, p.accepted.get(), p.arrived.get(), p.wallNanos() / 1e9, p.eventsPerSecond(),
                    p.accepted.get() / ((p.lastSendDone - p.firstSend) / 1e9),
                    BenchSupport.ms(BenchSupport.percentile(l, 50)), BenchSupport.ms(BenchSupport.percentile(l, 90)),
                    BenchSupport.ms(BenchSupport.percentile(l, 99)), BenchSupport.ms(l.length == 0 ? 0 : l[l.length - 1]),
                    BenchSupport.ms(BenchSupport.percentile(p.putLatencies, 50)),
                    BenchSupport.ms(BenchSupport.percentile(p.putLatencies, 99)));
        }
        System.out.println();
        System.out.println("events/s  = accepted events / (last arrival at events-in - first PutEvents sent), measured phase");
        System.out.println("send ev/s = accepted events / time the senders took (PutEvents acceptance rate)");
        System.out.println("latency   = PutEvents sent -> ingest exchange done: router and handler included (same JVM, System.nanoTime)");
        if (measured.failedEntries.get() > 0) {
            System.out.println("FAILED entries: " + measured.failedEntries.get() + ", first: " + measured.firstError.get());
        }
        System.out.println("duplicates seen at events-in: " + arrivals.duplicates.get() + "; " + queue);
        boolean complete = measured.complete();
        double rate = measured.eventsPerSecond();
        System.out.printf(Locale.ROOT, "RESULT %s: %.0f events/s end to end (floor %.0f: %s), p50 %s ms, p99 %s ms%n",
                complete ? "complete" : "INCOMPLETE (time bound reached)", rate, FLOOR_EVENTS_PER_SECOND,
                rate >= FLOOR_EVENTS_PER_SECOND ? "met" : "NOT met",
                BenchSupport.ms(BenchSupport.percentile(measured.latencies, 50)),
                BenchSupport.ms(BenchSupport.percentile(measured.latencies, 99)));
    }

    /** One phase's counters. */
    private static final class Phase {
        final String name;
        final int count;
        final AtomicInteger arrived;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger failedEntries = new AtomicInteger();
        final AtomicInteger batchesSent = new AtomicInteger();
        final AtomicReference<String> firstError = new AtomicReference<>();
        long firstSend;
        long lastSendDone;
        long lastArrival;
        long[] latencies = new long[0];
        long[] putLatencies = new long[0];

        Phase(String name, int count, AtomicInteger arrived) {
            this.name = name;
            this.count = count;
            this.arrived = arrived;
        }

        long wallNanos() {
            return Math.max(1, (lastArrival > 0 ? lastArrival : lastSendDone) - firstSend);
        }

        double eventsPerSecond() {
            return arrived.get() / (wallNanos() / 1e9);
        }

        boolean complete() {
            return failedEntries.get() == 0 && arrived.get() >= count;
        }
    }

    /** Arrival latency per sequence number, written by the notifier. */
    static final class Arrivals {
        private final long[] latency;
        private final AtomicIntegerArray hits;
        private final int warmup;
        private final AtomicInteger warmArrived = new AtomicInteger();
        private final AtomicInteger measuredArrived = new AtomicInteger();
        private final AtomicLong warmLast = new AtomicLong();
        private final AtomicLong measuredLast = new AtomicLong();
        final AtomicInteger duplicates = new AtomicInteger();
        final AtomicInteger foreign = new AtomicInteger();

        Arrivals(int total, int warmup) {
            this.latency = new long[total];
            this.hits = new AtomicIntegerArray(total);
            this.warmup = warmup;
        }

        void arrived(int seq, long sentNanos, long now) {
            if (seq < 0 || seq >= latency.length) {
                foreign.incrementAndGet();
                return;
            }
            if (hits.getAndIncrement(seq) > 0) {
                duplicates.incrementAndGet();
                return;
            }
            latency[seq] = now - sentNanos;
            boolean warm = seq < warmup;
            (warm ? warmLast : measuredLast).accumulateAndGet(now, Math::max);
            // the counter last: whoever sees the count sees the latency written before it
            (warm ? warmArrived : measuredArrived).incrementAndGet();
        }

        AtomicInteger counter(int from) {
            return from < warmup ? warmArrived : measuredArrived;
        }

        long lastArrival(int from) {
            return (from < warmup ? warmLast : measuredLast).get();
        }

        long[] latencies(int from, int count) {
            long[] values = new long[count];
            int n = 0;
            for (int seq = from; seq < from + count; seq++) {
                if (hits.get(seq) > 0) {
                    values[n++] = latency[seq];
                }
            }
            return BenchSupport.sortedCopy(values, n);
        }
    }

    /** The whole number after {@code key} in {@code json}, or -1 (a look-up, not a parse). */
    static long number(String json, String key) {
        int i = json.indexOf(key);
        if (i < 0) {
            return -1;
        }
        i += key.length();
        long value = 0;
        boolean digits = false;
        for (; i < json.length() && Character.isDigit(json.charAt(i)); i++) {
            value = value * 10 + (json.charAt(i) - '0');
            digits = true;
        }
        return digits ? value : -1;
    }

    /** Records arrivals: a route policy on the ingest route calls it as each exchange is done. */
    static final class ArrivalNotifier {
        private final Arrivals arrivals;

        ArrivalNotifier(Arrivals arrivals) {
            this.arrivals = arrivals;
        }

        /** An exchange of the ingest route is done: the event arrived (its message as it came off the queue). */
        void arrived(org.apache.camel.Exchange exchange) {
            if (exchange.isFailed()) {
                return;
            }
            long now = System.nanoTime();
            String raw = exchange.getProperty(DeadLetterRoutes.RAW_MESSAGE, String.class);
            long seq = raw == null ? -1 : number(raw, "\"bench_seq\":");
            long at = raw == null ? -1 : number(raw, "\"bench_sent_nanos\":");
            if (seq >= 0 && at >= 0) {
                arrivals.arrived((int) seq, at, now);
                return;
            }
            arrivals.foreign.incrementAndGet();
        }
    }

    /** What is left on the queue once the run is over (deletes follow the exchange, so wait for them). */
    record QueueState(long visible, long inFlight, long dlq) {

        static QueueState settle(CamelContext context, long deadline) {
            SqsClient sqs = context.getRegistry().lookupByNameAndType("sqsClient", SqsClient.class);
            String url = sqs.getQueueUrl(b -> b.queueName(QUEUE)).queueUrl();
            String dlqUrl = sqs.getQueueUrl(b -> b.queueName("order-dlq")).queueUrl();
            long end = Math.min(deadline, System.nanoTime() + 30_000_000_000L);
            QueueState state;
            do {
                var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
                long dlq = Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
                state = new QueueState(Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)),
                        Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)), dlq);
                if (state.visible == 0 && state.inFlight == 0) {
                    break;
                }
                LockSupport.parkNanos(100_000_000);
            } while (System.nanoTime() < end);
            return state;
        }

        @Override
        public String toString() {
            return "left on " + QUEUE + ": " + visible + " visible, " + inFlight + " in flight; order-dlq: " + dlq;
        }
    }

    /** CPU time per thread group (thread names with their numbers folded) over the measured phase. */
    static final class ThreadCpu {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> before = new HashMap<>();
        private final Map<String, Long> byGroup = new TreeMap<>();
        private long processBefore;
        private long processCpu;
        private long gcCountBefore;
        private long gcTimeBefore;
        private long gcCount;
        private long gcTime;
        private Map<String, Long> jvmBefore = Map.of();
        private long machineBefore;
        private long machineBusy = -1;
        private final Map<String, Long> jvm = new TreeMap<>();

        static ThreadCpu start() {
            ThreadCpu cpu = new ThreadCpu();
            if (!cpu.threads.isThreadCpuTimeSupported()) {
                return null;
            }
            cpu.threads.setThreadCpuTimeEnabled(true);
            return cpu;
        }

        void mark() {
            for (long id : threads.getAllThreadIds()) {
                long t = threads.getThreadCpuTime(id);
                if (t >= 0) {
                    before.put(id, t);
                }
            }
            processBefore = BenchSupport.processCpuNanos();
            jvmBefore = jvmThreadCpu();
            machineBefore = machineBusyNanos();
            gcCountBefore = gcTotals()[0];
            gcTimeBefore = gcTotals()[1];
        }

        void stop() {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t < 0) {
                    continue;
                }
                long used = t - before.getOrDefault(info.getThreadId(), 0L);
                byGroup.merge(group(info.getThreadName()), used, Long::sum);
            }
            processCpu = BenchSupport.processCpuNanos() - processBefore;
            jvmThreadCpu().forEach((k, v) -> jvm.put(k, v - jvmBefore.getOrDefault(k, 0L)));
            long machine = machineBusyNanos();
            machineBusy = machine < 0 || machineBefore < 0 ? -1 : machine - machineBefore;
            long[] gc = gcTotals();
            gcCount = gc[0] - gcCountBefore;
            gcTime = gc[1] - gcTimeBefore;
        }

        void print(long wallNanos) {
            int cores = Runtime.getRuntime().availableProcessors();
            System.out.println();
            System.out.printf(Locale.ROOT, "CPU during the measured phase: process %.1f s of %.1f s available (%d cores x %.1f s wall) = %.0f%%; GC %d collections, %d ms%n",
                    processCpu / 1e9, cores * wallNanos / 1e9, cores, wallNanos / 1e9,
                    100.0 * processCpu / (cores * (double) wallNanos), gcCount, gcTime);
            if (machineBusy >= 0) {
                // a benchmark shares the machine: say when something else took CPU meanwhile
                System.out.printf(Locale.ROOT, "other processes on the machine meanwhile: %.1f s CPU (%.0f%% of the machine)%s%n",
                        Math.max(0, machineBusy - processCpu) / 1e9,
                        100.0 * Math.max(0, machineBusy - processCpu) / (cores * (double) wallNanos),
                        machineBusy - processCpu > cores * wallNanos / 20 ? "  <-- results disturbed, run again on a quiet machine" : "");
            }
            System.out.println("CPU by thread group (threads that ended during the phase are not counted):");
            Map<String, Long> all = new HashMap<>(byGroup);
            all.putAll(jvm);
            all.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                    .filter(e -> e.getValue() > wallNanos / 200)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %7.2f s  %5.1f%%  %s%n", e.getValue() / 1e9,
                            100.0 * e.getValue() / Math.max(1, processCpu), e.getKey()));
        }

        /**
         * CPU of the JVM's own threads (JIT compilers, GC, VM), which JMX does not list, from /proc/self/task
         * (Linux; empty elsewhere), by kind, in nanoseconds.
         */
        private static Map<String, Long> jvmThreadCpu() {
            Map<String, Long> cpu = new TreeMap<>();
            Path tasks = Path.of("/proc/self/task");
            if (!Files.isDirectory(tasks)) {
                return cpu;
            }
            long tick = 10_000_000L; // USER_HZ 100 on Linux
            try (var dirs = Files.list(tasks)) {
                for (Path task : (Iterable<Path>) dirs::iterator) {
                    try {
                        String comm = Files.readString(task.resolve("comm")).trim();
                        String kind = comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")
                                ? "JVM: JIT compiler threads"
                                : comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "JVM: GC threads"
                                : comm.startsWith("VM Thread") || comm.startsWith("VM Periodic") || comm.startsWith("Sweeper")
                                        ? "JVM: VM threads" : null;
                        if (kind == null) {
                            continue;
                        }
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
                        cpu.merge(kind, ticks * tick, Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended meanwhile
                    }
                }
            } catch (IOException e) {
                return cpu;
            }
            return cpu;
        }

        /** CPU time the whole machine spent busy (all processes), from /proc/stat; -1 when not on Linux. */
        private static long machineBusyNanos() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy * 10_000_000L; // USER_HZ 100
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static String group(String name) {
            return name.replaceAll("\\d+", "#");
        }

        private static long[] gcTotals() {
            long count = 0;
            long time = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                time += Math.max(0, gc.getCollectionTime());
            }
            return new long[] {count, time};
        }
    }
}
