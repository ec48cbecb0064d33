package io.signalbox.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a YAML configuration file from the config directory, falling back to the copy built into the jar
 * (the build copies {@code config/*.yaml} to {@code signalbox/} on the classpath), so that editing
 * {@code config/} needs no rebuild and a jar run from anywhere still has its defaults.
 */
public final class ConfigFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigFiles() {
    }

    /** Where {@code name} is read from: the config directory's file if it exists, else the built-in one. */
    public static String describe(String configDir, String name) {
        Path file = Path.of(configDir, name);
        return Files.isRegularFile(file) ? file.toAbsolutePath().toString() : "classpath:signalbox/" + name;
    }

    /**
     * Opens {@code name} (a path relative to the config directory, e.g. {@code schemas/x.v1.json}) from the
     * config directory, else from the jar; null when neither has it.
     */
    public static InputStream openOptional(String configDir, String name) throws IOException {
        Path file = Path.of(configDir, name);
        return Files.isRegularFile(file) ? Files.newInputStream(file)
                : ConfigFiles.class.getClassLoader().getResourceAsStream("signalbox/" + name);
    }

    public static <T> T read(String configDir, String name, Class<T> type) {
        Path file = Path.of(configDir, name);
        try (InputStream in = Files.isRegularFile(file)
                ? Files.newInputStream(file)
                : ConfigFiles.class.getClassLoader().getResourceAsStream("signalbox/" + name)) {
            if (in == null) {
                throw new IllegalStateException("No " + name + " in " + configDir + " nor built into the jar");
            }
            return YAML.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Invalid " + describe(configDir, name) + ": " + e.getMessage(), e);
        }
    }
}
