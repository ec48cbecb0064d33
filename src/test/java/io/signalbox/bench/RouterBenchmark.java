package io.signalbox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

/**
 * Router throughput in-process: raw EventBridge JSON → parse → correlation → circuit breaker → idempotent
 * consumer → classify → schema check → dispatch to a no-op handler route, driven through
 * {@code direct:events-in} from several threads. Measured with the in-memory idempotent repository and
 * with the store's (the SQLite claims of profile local, {@code signalbox.idempotency.repository=store}, the
 * database on a file in a temporary directory), each beside a baseline in the same run that only
 * parses the JSON and switches on {@code detail-type}; the ratio is the router's overhead.
 *
 * <p>Run: {@code java -cp target/signalbox.jar:target/test-classes io.signalbox.bench.RouterBenchmark}.
 * System properties: {@code bench.events} (200000), {@code bench.threads} (4), {@code bench.warmup} (50000),
 * {@code bench.repositories} (memory,store);
 * arguments {@code --property=value} override Signalbox properties.
 */
public final class RouterBenchmark {

    static final double FLOOR_MEMORY = 20_000;
    static final double FLOOR_STORE = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> overrides = Map.of();

    public static void main(String[] args) throws Exception {
        overrides = BenchSupport.overrides(args, Map.of());
        int events = BenchSupport.intProperty("bench.events", 200_000);
        int warmup = BenchSupport.intProperty("bench.warmup", 50_000);
        int threads = BenchSupport.intProperty("bench.threads", 4);
        System.out.println("== Signalbox router benchmark ==");
        System.out.println("machine   " + BenchSupport.machine());
        System.out.println("jvm       " + BenchSupport.jvmOptions());
        System.out.printf(Locale.ROOT, "load      %d threads; warm-up %d events; measured %d%n", threads, warmup,
                events);
        List<String> results = new ArrayList<>();
        boolean met = true;
        for (String repository : System.getProperty("bench.repositories", "memory,store").split(",")) {
            double[] r = run(repository, warmup, events, threads);
            double floor = repository.equals("memory") ? FLOOR_MEMORY : FLOOR_STORE;
            met &= r[1] >= floor;
            results.add(String.format(Locale.ROOT,
                    "%-9s baseline (parse + switch) %,10.0f ev/s | router %,9.0f ev/s | router/baseline %5.1f%% | floor %,.0f: %s",
                    repository, r[0], r[1], 100 * r[1] / r[0], floor, r[1] >= floor ? "met" : "NOT met"));
        }
        System.out.println();
        results.forEach(line -> System.out.println("RESULT " + line));
        System.exit(met ? 0 : 1);
    }

    /** {baseline events/s, router events/s}. */
    private static double[] run(String repository, int warmup, int events, int threads) throws Exception {
        try (BenchSignalbox signalbox = new BenchSignalbox()) {
            // the store's claims in a database file, as a Signalbox keeps them (the memory repository keeps no file)
            signalbox.with("signalbox.idempotency.repository", repository)
                    .with("signalbox.in-memory", Boolean.toString(repository.equals("memory")))
                    .with("signalbox.handlers.log-level", "OFF");
            overrides.forEach(signalbox::with);
            Path routing = signalbox.home().resolve("config/routing.yaml");
            Files.writeString(routing, Files.readString(routing)
                    .replace("  handlers:\n", "  handlers:\n    \"BenchEvent\": handler-bench\n")
                    .replace("source-prefixes: [", "source-prefixes: [bench., "));
            signalbox.start(context -> {
                try {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("direct:handler-bench").routeId("handler-bench")
                                    .routeConfigurationId(DeadLetterRoutes.ID).process(e -> { });
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CamelContext context = signalbox.context();
            EnvelopeParser parser = context.getRegistry().lookupByNameAndType("envelopeParser", EnvelopeParser.class);
            ProducerTemplate producer = context.createProducerTemplate();
            org.apache.camel.Endpoint eventsIn = context.getEndpoint("direct:events-in");
            String[] warm = bodies(warmup);
            String[] measured = bodies(events);
            AtomicLong sink = new AtomicLong();
            Task baseline = body -> {
                JsonNode root = JSON.readTree(body);
                switch (root.path("detail-type").asText()) {
                    case "BenchEvent" -> sink.incrementAndGet();
                    case "Scheduled Event" -> sink.addAndGet(2);
                    default -> sink.addAndGet(3);
                }
            };
            Task routerWithProperties = body -> {
                Envelope envelope = parser.parse(body);
                org.apache.camel.Exchange exchange = producer.send(eventsIn, e -> {
                    e.setProperty(DeadLetterRoutes.SOURCE_QUEUE, "bench");
                    e.setProperty(DeadLetterRoutes.RAW_MESSAGE, body);
                    e.getMessage().setBody(envelope);
                });
                if (exchange.getException() != null) {
                    throw exchange.getException();
                }
            };
            time(baseline, warm, threads);
            time(routerWithProperties, warm, threads);
            double base = time(baseline, measured, threads);
            // fresh ids for the router: the warm-up's are already processed (and would be duplicates)
            double routed = time(routerWithProperties, bodies(events), threads);
            System.out.printf(Locale.ROOT, "%-9s baseline %,.0f ev/s, router %,.0f ev/s (%s)%n", repository, base, routed,
                    sink.get() > 0 ? "ok" : "?");
            return new double[] {base, routed};
        }
    }

    @FunctionalInterface
    interface Task {
        void run(String body) throws Exception;
    }

    private static String[] bodies(int n) throws Exception {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = JSON.writeValueAsString(Map.of("version", "0", "id", UUID.randomUUID().toString(),
                    "detail-type", "BenchEvent", "source", "bench.load", "account", "000000000000",
                    "time", "2026-11-22T12:00:00Z", "region", "us-east-1", "resources", List.of(),
                    "detail", Map.of("correlation_id", "c-" + i, "sku", "SKU-" + (i % 1000), "quantity", i % 17)));
        }
        return out;
    }

    /** Events per second for running {@code task} over every body from {@code threads} threads. */
    private static double time(Task task, String[] bodies, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < bodies.length) {
                    try {
                        task.run(bodies[i]);
                    } catch (Exception e) {
                        if (failures.incrementAndGet() == 1) {
                            e.printStackTrace();
                        }
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + bodies.length + " events failed");
        }
        return bodies.length / seconds;
    }
}
