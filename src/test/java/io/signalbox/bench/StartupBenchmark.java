package io.signalbox.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up time and idle memory of the built jar, as a user runs it: {@code java -jar target/signalbox.jar} as
 * a child process in a temp working directory, free loopback ports, its own data dir, the repository's
 * config. For each run it measures, for a fresh data dir and then for a restart on the same data dir: time
 * from launching the process to {@code GET /observe/health} answering 200, and the resident set size
 * ({@code VmRSS}) after idling; the medians over the runs are the result.
 *
 * <p>Run: {@code java -cp target/signalbox.jar:target/test-classes io.signalbox.bench.StartupBenchmark
 * [JVM flags for the child, e.g. -XX:TieredStopAtLevel=1] [--signalbox.property=value ...]}. System
 * properties: {@code bench.jvmArgs} (more JVM flags for the child, space separated), {@code bench.runs} (3),
 * {@code bench.idleSeconds} (10), {@code bench.timeoutSeconds} (120 per start), {@code bench.jar}
 * (target/signalbox.jar), {@code bench.java} (this JVM's java), {@code bench.jvmOptions} (bin/jvm.options, the
 * launcher's JVM options, given to the child as {@code @file}; empty for none), {@code bench.cds} (false: true
 * starts the jar as {@code bin/signalbox} does, with Java class data sharing: one unmeasured start records the
 * archive of the classes Signalbox loads, the measured starts map it).
 */
public final class StartupBenchmark {

    static final double FLOOR_READY_SECONDS = 6.0;
    static final double FLOOR_RSS_MB = 512;
    private static final Pattern CAMEL_STARTED = Pattern.compile("\\(signalbox\\) started in (\\S+) \\(build:\\S+ init:\\S+ start:\\S+(?: boot:([^)\\s]+))?");

    /** Children still running, destroyed by the shutdown hook if the benchmark itself is interrupted. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    private final Path java;
    private final Path jar;
    private final Path configDir;
    private final List<String> jvmArgs;
    private final List<String> properties;
    private final int idleSeconds;
    private final long timeoutNanos;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private StartupBenchmark(Path java, Path jar, Path configDir, List<String> jvmArgs, List<String> properties,
            int idleSeconds, int timeoutSeconds) {
        this.java = java;
        this.jar = jar;
        this.configDir = configDir;
        this.jvmArgs = jvmArgs;
        this.properties = properties;
        this.idleSeconds = idleSeconds;
        this.timeoutNanos = timeoutSeconds * 1_000_000_000L;
    }

    /** One start of the jar. */
    record Sample(int run, String data, double readySeconds, String camelReported, double rssMb, double peakRssMb,
            double stopSeconds) {
    }

    public static void main(String[] args) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(StartupBenchmark::kill), "bench-kill-children"));
        int runs = BenchSupport.intProperty("bench.runs", 3);
        int idleSeconds = BenchSupport.intProperty("bench.idleSeconds", 10);
        int timeoutSeconds = BenchSupport.intProperty("bench.timeoutSeconds", 120);
        Path jar = Path.of(System.getProperty("bench.jar", "target/signalbox.jar")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: run mvn -DskipTests package first");
        }
        Path java = Path.of(System.getProperty("bench.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> jvmArgs = new ArrayList<>();
        // the launcher's JVM options (bin/signalbox and the Docker image start with them)
        String options = System.getProperty("bench.jvmOptions", BenchSupport.JVM_OPTIONS).trim();
        if (!options.isEmpty()) {
            Path file = Path.of(options).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("No JVM options file " + file + " (bench.jvmOptions; empty for none)");
            }
            jvmArgs.add("@" + file);
        }
        String extra = System.getProperty("bench.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(Arrays.asList(extra.split("\\s+")));
        }
        List<String> properties = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                properties.add(arg);
            } else if (arg.startsWith("-")) {
                jvmArgs.add(arg);
            } else {
                System.err.println("Ignoring argument " + arg);
            }
        }
        boolean cds = Boolean.getBoolean("bench.cds");
        Path archiveDir = cds ? Files.createTempDirectory("signalbox-cds-") : null;
        if (cds) {
            // what bin/signalbox does: the first run records the archive at exit, later runs map it
            Path archive = archiveDir.resolve("signalbox.jsa");
            List<String> record = new ArrayList<>(jvmArgs);
            record.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            Path home = Files.createTempDirectory("signalbox-startup-");
            try {
                new StartupBenchmark(java, jar, BenchSupport.repoConfigDir(), record, properties, 0, timeoutSeconds)
                        .start(0, "record", home, new int[] {BenchSupport.freePort(), BenchSupport.freePort(),
                                BenchSupport.freePort()});
            } finally {
                BenchSupport.deleteRecursively(home);
            }
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The class data sharing archive was not written to " + archive);
            }
            jvmArgs.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off",
                    "-Xlog:cds+dynamic=off"));
        }
        StartupBenchmark bench = new StartupBenchmark(java, jar, BenchSupport.repoConfigDir(), jvmArgs, properties,
                idleSeconds, timeoutSeconds);

        System.out.println("== Signalbox start-up benchmark ==");
        System.out.println("machine    " + BenchSupport.machine());
        System.out.println("command    " + java + " " + String.join(" ", jvmArgs) + " -jar " + jar
                + " --config-dir=" + bench.configDir + " --signalbox.http.port=<free> --signalbox.local.sqs-port=<free>"
                + " --signalbox.data.dir=<tmp>/data " + String.join(" ", properties));
        System.out.println("jvm flags  " + (jvmArgs.isEmpty() ? "(none)" : String.join(" ", jvmArgs)));
        System.out.printf(Locale.ROOT, "runs       %d x (fresh data dir, restart on the same data dir); idle %d s before reading VmRSS%n",
                runs, idleSeconds);
        System.out.println();

        List<Sample> samples = new ArrayList<>();
        int exit = 0;
        try {
            for (int run = 1; run <= runs; run++) {
                Path home = Files.createTempDirectory("signalbox-startup-");
                try {
                    int[] ports = {BenchSupport.freePort(), BenchSupport.freePort()};
                    samples.add(print(bench.start(run, "fresh", home, ports)));
                    samples.add(print(bench.start(run, "restart", home, ports)));
                } finally {
                    BenchSupport.deleteRecursively(home);
                }
            }
        } catch (Exception e) {
            System.err.println("Benchmark failed: " + e.getMessage());
            exit = 1;
        }
        summary(samples, runs);
        if (archiveDir != null) {
            BenchSupport.deleteRecursively(archiveDir);
        }
        System.exit(exit);
    }

    private Sample start(int run, String data, Path home, int[] ports) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "--config-dir=" + configDir,
                "--signalbox.http.port=" + ports[0], "--signalbox.local.sqs-port=" + ports[1],
                "--signalbox.data.dir=" + home.resolve("data")));
        command.addAll(properties);
        Path log = home.resolve("signalbox-" + data + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the defaults, not whatever this shell has set
        builder.environment().keySet().removeIf(k -> k.startsWith("SIGNALBOX_"));
        URI health = URI.create("http://127.0.0.1:" + ports[0] + "/observe/health");

        long launched = System.nanoTime();
        Process process = builder.start();
        LIVE.add(process);
        try {
            long ready = waitForHealth(process, health, launched, log);
            double readySeconds = (ready - launched) / 1e9;
            // let the JVM settle before reading its memory; an exit meanwhile ends the wait
            if (process.waitFor(idleSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Signalbox exited while idle:\n" + tail(log));
            }
            long[] rss = rssKb(process.pid());
            double stop = stop(process);
            return new Sample(run, data, readySeconds, camelReported(log), rss[0] / 1024.0, rss[1] / 1024.0, stop);
        } finally {
            kill(process);
            LIVE.remove(process);
        }
    }

    private long waitForHealth(Process process, URI health, long launched, Path log) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() - launched < timeoutNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Signalbox exited with " + process.exitValue() + " before it was ready:\n"
                        + tail(log));
            }
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return System.nanoTime();
                }
            } catch (IOException e) {
                // not listening yet
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new IllegalStateException("Signalbox was not ready within " + timeoutNanos / 1_000_000_000 + " s:\n" + tail(log));
    }

    /** VmRSS and VmHWM (peak) in kB, from /proc (Linux). */
    private static long[] rssKb(long pid) throws IOException {
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D+", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    /** SIGTERM (Camel's graceful shutdown), forcibly after 60 s; returns how long stopping took. */
    private static double stop(Process process) throws InterruptedException {
        long t = System.nanoTime();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("Signalbox did not stop within 60 s: killing it");
            kill(process);
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String camelReported(Path log) {
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = CAMEL_STARTED.matcher(line);
                if (m.find()) {
                    return "routes started in " + m.group(1) + (m.group(2) == null ? "" : ", JVM to started " + m.group(2));
                }
            }
        } catch (IOException | RuntimeException e) {
            // informative only
        }
        return "?";
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean headerPrinted;

    private static Sample print(Sample s) {
        if (!headerPrinted) {
            System.out.println("run  data     ready s   idle RSS MB  peak RSS MB  stop s  Camel's own report");
            headerPrinted = true;
        }
        System.out.printf(Locale.ROOT, "%3d  %-7s  %7.2f   %11.0f  %11.0f  %6.1f  %s%n", s.run(), s.data(), s.readySeconds(),
                s.rssMb(), s.peakRssMb(), s.stopSeconds(), s.camelReported());
        return s;
    }

    private static void summary(List<Sample> samples, int runs) {
        System.out.println();
        System.out.printf(Locale.ROOT, "median of %d run(s)   ready s   idle RSS MB%n", runs);
        for (String data : List.of("fresh", "restart")) {
            double[] ready = samples.stream().filter(s -> s.data().equals(data)).mapToDouble(Sample::readySeconds).toArray();
            double[] rss = samples.stream().filter(s -> s.data().equals(data)).mapToDouble(Sample::rssMb).toArray();
            if (ready.length == 0) {
                continue;
            }
            double r = BenchSupport.median(ready);
            double m = BenchSupport.median(rss);
            System.out.printf(Locale.ROOT, "  %-18s  %7.2f   %11.0f   ready <= %.0f s: %s, RSS <= %.0f MB: %s (n=%d)%n",
                    data, r, m, FLOOR_READY_SECONDS, r <= FLOOR_READY_SECONDS ? "met" : "NOT met",
                    FLOOR_RSS_MB, m <= FLOOR_RSS_MB ? "met" : "NOT met", ready.length);
        }
        System.out.println("ready = process launched -> GET /observe/health answers 200; RSS = VmRSS of the java process after idling");
    }
}
