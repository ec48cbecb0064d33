package io.signalbox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.signalbox.config.Launcher;
import io.signalbox.config.Profile;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * A whole Signalbox (profile local, both stand-ins, data on disk) in this JVM, for benchmarks: free loopback
 * ports, a temp home with its own config copy and data dir, deleted on close. Unlike the test harness
 * {@code SignalboxInstance} it needs nothing outside the shaded jar (that harness links the test-scoped AWS
 * SDK url-connection client and EventBridge client).
 */
final class BenchSignalbox implements AutoCloseable {

    private final Path home;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final int httpPort = BenchSupport.freePort();
    private final int sqsPort = BenchSupport.freePort();
    private Main main;

    BenchSignalbox() throws IOException {
        home = Files.createTempDirectory("signalbox-bench-");
        BenchSupport.copyConfig(home);
        properties.put("signalbox.http.port", Integer.toString(httpPort));
        properties.put("signalbox.local.sqs-port", Integer.toString(sqsPort));
        properties.put("signalbox.data.dir", home.resolve("data").toString());
    }

    BenchSignalbox with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    Map<String, String> properties() {
        return properties;
    }

    /** Starts Signalbox; {@code beforeStart} sees the configured CamelContext before any route starts. */
    BenchSignalbox start(Consumer<CamelContext> beforeStart) {
        main = Launcher.create(Profile.LOCAL, home.resolve("config").toString(), properties);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport m) {
                beforeStart.accept(m.getCamelContext());
            }
        });
        try {
            main.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Signalbox did not start", e);
        }
        return this;
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    int httpPort() {
        return httpPort;
    }

    Path home() {
        return home;
    }

    @Override
    public void close() {
        try {
            if (main != null) {
                main.stop();
            }
        } catch (Exception e) {
            System.err.println("Signalbox did not stop cleanly: " + e.getMessage());
        } finally {
            BenchSupport.deleteRecursively(home);
        }
    }
}
