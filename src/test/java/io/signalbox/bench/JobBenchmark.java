package io.signalbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Tables;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.DemoSku;
import io.signalbox.jobs.AgentJobRoutes;
import io.signalbox.jobs.JobInputs;
import io.signalbox.jobs.SkuWork;
import io.signalbox.routing.RouterRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * Forecast + optimise + anomaly detection over {@code bench.skus} (10,000) SKUs × {@code bench.days} (365) days
 * of history, in profile local: the three jobs' own command routes ({@code command-daily-forecasting-job},
 * {@code command-daily-optimization-job}, {@code command-hourly-anomaly-detection-job}), one after the other as
 * their schedules run them — lease, split per SKU ({@code signalbox.jobs.parallelism}), agents, results written
 * to the tables (SQLite on disk, or {@code --signalbox.in-memory=true}), run recorded.
 *
 * <p>Included in the time: everything from the command to the run's row in job-runs, the writes included,
 * and optimisation's publishing of {@code Reorder Recommended} (onto the local bus, into supply-chain-queue).
 * Not included: consuming those events ({@code ingest-supply-chain-queue} is stopped meanwhile; the handling of
 * events is {@code PipelineBenchmark}'s).
 * Not included: reading the history. It is generated in memory ({@link DemoCatalogue}) before the clock starts
 * and handed to the routes through the {@code jobInputs} bean, because 10,000 SKUs × 365 days is 3.65 million
 * order lines, and reading those out of the orders table would measure that read (the routes' own
 * scan is covered by the tests, on the demo catalogue).
 *
 * <p>Prints the wall time per job and in total, the peak heap used (sum of the heap pools' peaks, reset before
 * the run, and the highest heap use a 20 ms sampler saw) and the process's peak RSS (VmHWM, which includes the
 * stand-in). Exits 1 when the total exceeds {@code bench.floor-seconds} (30).
 */
public final class JobBenchmark {

    private JobBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int skus = BenchSupport.intProperty("bench.skus", 10_000);
        int days = BenchSupport.intProperty("bench.days", 365);
        int floor = BenchSupport.intProperty("bench.floor-seconds", 30);
        System.out.println("JobBenchmark on " + BenchSupport.machine());
        System.out.println("jvm options: " + BenchSupport.jvmOptions());

        long genStart = System.nanoTime();
        LocalDate asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        DemoCatalogue catalogue = DemoCatalogue.generate(42, skus, asOf, days);
        List<SkuWork> work = new ArrayList<>(skus);
        for (DemoSku s : catalogue.skus()) {
            work.add(new SkuWork(s.sku(), s.demand().start(), s.demand().values(), s.stock().onHand(),
                    s.stock().onOrder(), true));
        }
        System.out.printf(Locale.ROOT, "history: %,d SKUs x %d days generated in memory in %s ms (not timed)%n", skus,
                days, BenchSupport.ms(System.nanoTime() - genStart));

        BenchSignalbox signalbox = new BenchSignalbox().with("signalbox.schedules.enabled", "false");
        BenchSupport.overrides(args, java.util.Map.of()).forEach(signalbox::with);
        int exit;
        try (BenchSignalbox running = signalbox.start(context -> { })) {
            // the routes look their inputs up per run: from now on, the generated history
            running.context().getRegistry().unbind("jobInputs");
            running.context().getRegistry().bind("jobInputs", (JobInputs) (day, n, only) -> only == null ? work
                    : work.stream().filter(w -> w.sku().equals(only)).toList());
            System.out.println("settings: parallelism " + running.context().resolvePropertyPlaceholders(
                    "{{signalbox.jobs.parallelism}}") + ", write concurrency " + running.context()
                    .resolvePropertyPlaceholders("{{signalbox.jobs.write-concurrency}}") + ", in-memory "
                    + running.context().resolvePropertyPlaceholders("{{signalbox.in-memory}}"));
            // Reorder Recommended events are published (onto the bus and into supply-chain-queue) but not consumed
            // while the clock runs: handling them is another workload (PipelineBenchmark measures that path)
            running.context().getRouteController().stopRoute("ingest-supply-chain-queue");
            ProducerTemplate template = running.context().createProducerTemplate();
            Tables tables = running.context().getRegistry().lookupByNameAndType("tables", Tables.class);
            ObjectMapper mapper = new ObjectMapper();

            System.gc();
            List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP).toList();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong sampled = new AtomicLong();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "heap-sampler");
                t.setDaemon(true);
                return t;
            });
            sampler.scheduleAtFixedRate(() -> sampled.accumulateAndGet(
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max),
                    0, 20, TimeUnit.MILLISECONDS);

            long total = 0;
            boolean ok = true;
            for (String job : List.of(AgentJobRoutes.FORECASTING, AgentJobRoutes.OPTIMISATION, AgentJobRoutes.ANOMALIES)) {
                long start = System.nanoTime();
                Exchange done = template.send("direct:command-" + job, e -> e.getMessage()
                        .setHeader(RouterRoutes.COMMAND_PAYLOAD, mapper.createObjectNode()));
                long took = System.nanoTime() - start;
                total += took;
                JsonNode run = lastRun(tables, job);
                String outcome = run == null ? "no run recorded" : String.format(Locale.ROOT,
                        "%s, %s SKUs done, %s failed, %s results written%s", run.get("status").asText(),
                        run.get("skus_done").asText(), run.get("skus_failed").asText(), run.get("results_written").asText(),
                        run.path("reorders").asLong() > 0
                                ? ", " + run.get("reorders").asText() + " Reorder Recommended published" : "");
                if (done.getException() != null || run == null || !run.get("status").asText().equals("completed")
                        || run.get("skus_done").asInt() != skus) {
                    ok = false;
                    outcome += done.getException() == null ? "" : " (" + done.getException() + ")";
                }
                System.out.printf(Locale.ROOT, "%-32s %8s ms  %s%n", job, BenchSupport.ms(took), outcome);
            }
            sampler.shutdownNow();
            long poolPeaks = heapPools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "total wall time: %s s for forecast + optimise + anomaly over %,d SKUs x %d days%n",
                    String.format(Locale.ROOT, "%.1f", total / 1e9), skus, days);
            System.out.printf(Locale.ROOT, "peak heap used: %d MB (heap pools' peaks), %d MB (sampled); max heap %d MB%n",
                    poolPeaks >> 20, sampled.get() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            System.out.println("peak RSS (VmHWM, whole process with the stand-in): " + vmHwm());
            boolean met = total <= floor * 1_000_000_000L;
            System.out.println("floor <= " + floor + " s: " + (met ? "met" : "MISSED") + (ok ? "" : "; runs incomplete"));
            exit = met && ok ? 0 : 1;
        }
        System.exit(exit);
    }

    /** The job's latest row in job-runs (run ids begin with the start time). */
    private static JsonNode lastRun(Tables tables, String job) {
        List<ObjectNode> items = tables.query("job-runs", job, null, 1, null, false).join().items();
        return items.isEmpty() ? null : items.get(0);
    }

    private static String vmHwm() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (Exception e) {
            return "unknown (no /proc/self/status)";
        }
    }
}
