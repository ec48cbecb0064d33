package io.signalbox.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Profiles and property layering. The layering is checked without starting Signalbox: {@link Launcher#create}
 * builds (and does not start) a Main, and its property locations and overrides are loaded into a bare Camel
 * PropertiesComponent, which resolves keys as Signalbox's context does (first location that has a key wins,
 * overrides win over all). Environment variables and system properties are not covered here.
 */
class PropertyLayeringTest {

    @TempDir
    Path config;

    private DefaultCamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private PropertiesComponent properties(Profile profile, Map<String, String> overrides) {
        Main main = Launcher.create(profile, config.toString(), overrides);
        context = new DefaultCamelContext();
        PropertiesComponent pc = context.getPropertiesComponent();
        pc.setLocation(main.getPropertyPlaceholderLocations());
        pc.setOverrideProperties(main.getOverrideProperties());
        context.start();
        return pc;
    }

    private static String get(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim).orElseThrow(() -> new AssertionError(key + " is not set"));
    }

    @Test
    void profilesAreNamedCaseInsensitivelyAndLocalIsTheDefault() {
        assertEquals(Profile.LOCAL, Profile.of(null));
        assertEquals(Profile.LOCAL, Profile.of(" "));
        assertEquals(Profile.AWS, Profile.of(" AWS "));
        assertEquals(Profile.AZURE, Profile.of("azure"));
        assertEquals("aws", Profile.AWS.id());
    }

    @Test
    void anUnknownProfileIsRefusedListingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.of("gcp"));
        assertEquals("Unknown profile 'gcp': expected one of local, aws, azure", e.getMessage());
    }

    @Test
    void withoutConfigFilesTheBuiltInDefaultsApply() {
        PropertiesComponent pc = properties(Profile.LOCAL, Map.of());
        assertEquals("8080", get(pc, "signalbox.http.port"));
        assertEquals("9324", get(pc, "signalbox.local.sqs-port"));
        assertEquals("sqlite", get(pc, "signalbox.store.engine"));
        assertEquals("127.0.0.1", get(pc, "signalbox.http.host"));
        assertEquals("local", get(pc, "signalbox.profile"));
        assertEquals(config.toString(), get(pc, "signalbox.config.dir"));
        // the built-in profile file wins over the built-in defaults
        assertEquals("signalbox", get(pc, "signalbox.aws.access-key"));
        assertEquals("http://127.0.0.1:9324", get(pc, "signalbox.aws.sqs-endpoint"));
    }

    @Test
    void theConfigDirectoryOverridesTheBuiltInDefaultsAndItsProfileFileOverridesIt() throws Exception {
        Files.writeString(config.resolve("application.properties"), """
                signalbox.http.port = 9090
                signalbox.ingest.concurrent-consumers = 5
                signalbox.local.sqs-port = 19324
                """);
        Files.writeString(config.resolve("application-local.properties"), "signalbox.ingest.concurrent-consumers = 7\n");
        Files.writeString(config.resolve("application-aws.properties"), "signalbox.http.port = 7070\n");
        PropertiesComponent pc = properties(Profile.LOCAL, Map.of());
        assertEquals("9090", get(pc, "signalbox.http.port"));
        assertEquals("7", get(pc, "signalbox.ingest.concurrent-consumers"));
        // a key the config directory leaves alone keeps its built-in default
        assertEquals("NORMAL", get(pc, "signalbox.store.synchronous"));
        // placeholders in the built-in files resolve against the overriding value
        assertEquals("http://127.0.0.1:19324", get(pc, "signalbox.aws.sqs-endpoint"));
    }

    @Test
    void theConfigDirectoryOverridesTheBuiltInProfileFile() throws Exception {
        Files.writeString(config.resolve("application.properties"), "signalbox.aws.region = eu-west-1\n");
        Files.writeString(config.resolve("application-aws.properties"), "signalbox.provision = true\n");
        PropertiesComponent pc = properties(Profile.AWS, Map.of());
        assertEquals("eu-west-1", get(pc, "signalbox.aws.region"));
        assertEquals("true", get(pc, "signalbox.provision"));
        // from the built-in application-aws.properties, over application.properties' true
        assertEquals("false", get(pc, "signalbox.local.enabled"));
    }

    @Test
    void overridesGivenToTheLauncherWinOverEveryFile() throws Exception {
        Files.writeString(config.resolve("application.properties"), "signalbox.http.port = 9090\n");
        Files.writeString(config.resolve("application-local.properties"), "signalbox.http.port = 9091\n");
        PropertiesComponent pc = properties(Profile.LOCAL, Map.of("signalbox.http.port", "1234"));
        assertEquals("1234", get(pc, "signalbox.http.port"));
    }

    @Test
    void theLauncherCreatesTheWatchedRoutesDirectory() {
        properties(Profile.LOCAL, Map.of());
        assertTrue(Files.isDirectory(config.resolve("routes")));
    }
}
