package io.signalbox.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.signalbox.admin.AdminRoutes;
import io.signalbox.archive.ArchiveRoutes;
import io.signalbox.bus.EventBridgeApiRoutes;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.ingest.IngestRoutes;
import io.signalbox.publish.PublishRoutes;
import io.signalbox.routing.RouterRoutes;
import io.signalbox.jobs.AgentJobRoutes;
import io.signalbox.workflows.WorkflowRoutes;
import io.signalbox.jobs.JobAdminRoutes;
import io.signalbox.jobs.ScheduleRoutes;
import org.apache.camel.main.Main;
import org.slf4j.LoggerFactory;

/**
 * Builds the Camel Main that runs Signalbox for a profile.
 *
 * <p>Properties are layered, later wins: the built-in {@code application.properties}, the built-in
 * {@code application-<profile>.properties}, then {@code <config dir>/application.properties} and
 * {@code <config dir>/application-<profile>.properties} (both optional, so a user edits config without
 * rebuilding), then environment variables ({@code SIGNALBOX_HTTP_PORT} overrides
 * {@code signalbox.http.port}), then system properties, then the overrides given here (tests use them).
 */
public final class Launcher {

    public static final String PROFILE_ENV = "SIGNALBOX_PROFILE";
    public static final String CONFIG_DIR_ENV = "SIGNALBOX_CONFIG_DIR";

    private Launcher() {
    }

    public static void run(String[] args) throws Exception {
        String profile = System.getenv(PROFILE_ENV);
        String configDir = System.getenv(CONFIG_DIR_ENV);
        Properties overrides = new Properties();
        List<String> camelArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--profile=")) {
                profile = arg.substring("--profile=".length());
            } else if (arg.equals("--demo")) {
                // profile local only: sample orders and inventory for the agent jobs (io.signalbox.jobs.DemoData)
                overrides.setProperty("signalbox.demo", "true");
            } else if (arg.startsWith("--config-dir=")) {
                configDir = arg.substring("--config-dir=".length());
            } else if (arg.startsWith("--") && arg.contains("=")) {
                // --signalbox.http.port=9090: any property on the command line
                int eq = arg.indexOf('=');
                overrides.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
            } else {
                camelArgs.add(arg);
            }
        }
        Main main = create(Profile.of(profile), configDir == null ? "config" : configDir, overrides);
        try {
            main.run(camelArgs.toArray(String[]::new));
        } catch (Exception e) {
            // a failed start may leave non-daemon threads (a stand-in's server) behind: exit anyway
            LoggerFactory.getLogger(Launcher.class).error("Signalbox could not start: {}", e.getMessage(), e);
            System.exit(1);
        }
    }

    /** A Main for the profile, not yet started; {@code overrides} win over every other source. */
    public static Main create(Profile profile, String configDir, Map<?, ?> overrides) {
        try {
            // YAML routes in <config>/routes are loaded and watched: the directory must exist, even empty
            Files.createDirectories(Path.of(configDir, "routes"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + configDir + "/routes", e);
        }
        // routes and configuration are listed, not scanned for: scanning the fat jar costs seconds at start-up
        Main main = new Main();
        main.configure().addConfiguration(SignalboxConfiguration.class);
        main.configure().addRoutesBuilder(DeadLetterRoutes.class, EventBridgeApiRoutes.class, IngestRoutes.class,
                RouterRoutes.class, PublishRoutes.class, AdminRoutes.class, ArchiveRoutes.class, ScheduleRoutes.class,
                JobAdminRoutes.class, AgentJobRoutes.class, WorkflowRoutes.class);
        // Camel takes a key from the first location that has it: most specific first
        main.setPropertyPlaceholderLocations(String.join(",",
                "file:" + configDir + "/application-" + profile.id() + ".properties;optional=true",
                "file:" + configDir + "/application.properties;optional=true",
                "classpath:application-" + profile.id() + ".properties",
                "classpath:application.properties"));
        Properties props = new Properties();
        props.putAll(overrides);
        props.setProperty("signalbox.profile", profile.id());
        props.setProperty("signalbox.config.dir", configDir);
        main.setOverrideProperties(props);
        return main;
    }
}
