package io.signalbox.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.signalbox.aws.AwsSettings;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The {@code signalbox.*} properties the wiring needs, read once at start-up. Every default lives in
 * {@code application.properties}; a missing key is a packaging error and fails start-up by name.
 */
public record Settings(Profile profile, String configDir, Path dataDir, boolean standins, String host, int sqsPort,
        AwsSettings aws, boolean provision, boolean busEnabled, List<String> ingestQueues) {

    public static Settings from(PropertiesComponent pc) {
        Profile profile = Profile.of(get(pc, "signalbox.profile"));
        boolean inMemory = Boolean.parseBoolean(get(pc, "signalbox.in-memory"));
        String accessKey = optional(pc, "signalbox.aws.access-key");
        AwsSettings aws = new AwsSettings(get(pc, "signalbox.aws.region"), get(pc, "signalbox.aws.account"),
                uri(optional(pc, "signalbox.aws.sqs-endpoint")), uri(optional(pc, "signalbox.aws.dynamodb-endpoint")),
                accessKey, accessKey == null ? null : get(pc, "signalbox.aws.secret-key"));
        List<String> queues = Arrays.stream(get(pc, "signalbox.ingest.queues").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new Settings(profile, get(pc, "signalbox.config.dir"),
                inMemory ? null : Path.of(get(pc, "signalbox.data.dir")),
                Boolean.parseBoolean(get(pc, "signalbox.local.enabled")),
                get(pc, "signalbox.local.host"), Integer.parseInt(get(pc, "signalbox.local.sqs-port")), aws,
                Boolean.parseBoolean(get(pc, "signalbox.provision")),
                Boolean.parseBoolean(get(pc, "signalbox.bus.enabled")), queues);
    }

    private static String get(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set"));
    }

    private static String optional(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
    }

    private static URI uri(String value) {
        return value == null ? null : URI.create(value);
    }
}
