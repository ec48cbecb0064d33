package io.signalbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/** What the benchmark mains share: ports, temp directories, percentiles, the machine line. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** A free loopback port (the socket is closed before Signalbox binds it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's config directory, absolute: {@code -Dbench.configDir} or ./config. */
    static Path repoConfigDir() {
        Path dir = Path.of(System.getProperty("bench.configDir", "config")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("rules.yaml"))) {
            throw new IllegalStateException("No rules.yaml in " + dir
                    + ": run from the repository root or pass -Dbench.configDir=<repo>/config");
        }
        return dir;
    }

    /** A copy of the repository's config/*.yaml in {@code home/config}. */
    static Path copyConfig(Path home) throws IOException {
        Path repo = repoConfigDir();
        Path config = Files.createDirectories(home.resolve("config"));
        try (var files = Files.list(repo)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yaml"))::iterator) {
                Files.copy(file, config.resolve(file.getFileName()));
            }
        }
        return config;
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }

    /** The q-th percentile (0..100) of sorted values, nearest-rank. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static long[] sortedCopy(long[] values, int length) {
        long[] copy = Arrays.copyOf(values, length);
        Arrays.sort(copy);
        return copy;
    }

    static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        int n = copy.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: the CPU name is only informative
        }
        return String.format(Locale.ROOT, "%s, %d cores (%s), %s %s, Java %s (%s)",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withLocale(Locale.ROOT))
                        .replaceAll("\\.\\d+", ""),
                Runtime.getRuntime().availableProcessors(), cpu, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    /**
     * This JVM's options against the launcher's ({@code bin/jvm.options}, which bin/signalbox and the Docker image
     * start with): an in-process benchmark measures what users run only when started with them,
     * {@code java @bin/jvm.options -cp ...}.
     */
    /** The launcher's JVM options file, relative to the repository root the benchmarks run from. */
    static final String JVM_OPTIONS = "bin/jvm.options";

    static String jvmOptions() {
        List<String> mine = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        List<String> launcher = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(JVM_OPTIONS))) {
                String option = line.replaceAll("#.*", "").trim();
                if (!option.isEmpty()) {
                    launcher.add(option);
                }
            }
        } catch (IOException e) {
            return String.join(" ", mine) + " (no bin/jvm.options here to compare with)";
        }
        List<String> missing = launcher.stream().filter(o -> !mine.contains(o)).toList();
        return String.join(" ", mine) + (missing.isEmpty() ? " (the launcher's bin/jvm.options included)"
                : " (NOT the launcher's options: missing " + missing + "; start with java @bin/jvm.options -cp ...)");
    }

    /** CPU time this process has used, in nanoseconds (0 where the JVM does not say). */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /**
     * Signalbox properties for a benchmark's instance: {@code defaults}, then the command line's
     * {@code --signalbox.some.property=value} arguments (anything else is reported and ignored).
     */
    static Map<String, String> overrides(String[] args, Map<String, String> defaults) {
        Map<String, String> overrides = new LinkedHashMap<>(defaults);
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                overrides.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                System.err.println("Ignoring argument " + arg + " (expected --property=value)");
            }
        }
        return overrides;
    }

    /** A sync SDK client of a stand-in on loopback {@code port}: any region and credentials (stand-ins take all). */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C localClient(B builder, int port) {
        return builder.endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64)).build();
    }

    static int intProperty(String name, int defaultValue) {
        return Integer.parseInt(System.getProperty(name, Integer.toString(defaultValue)).trim());
    }
}
