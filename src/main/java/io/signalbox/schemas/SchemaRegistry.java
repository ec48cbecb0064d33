package io.signalbox.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * JSON Schemas for event details, one per detail-type and schema version ({@code schemas/<slug>.v<N>.json}
 * in the config directory or built in), and the upcasters between versions. {@link #prepare} brings a
 * detail of an older {@code schema_version} up to the newest version through the registered upcasters, then
 * validates it against that version's schema. A detail-type without a schema is not validated.
 */
public final class SchemaRegistry {

    /** The version an event without {@code schema_version} is taken to have. */
    public static final int DEFAULT_VERSION = 1;

    private final Map<String, TreeMap<Integer, JsonSchema>> schemas = new HashMap<>();
    private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

    /**
     * Loads the schemas of {@code detailTypes}: versions 1, 2, ... of each, as long as {@code open} finds the
     * file named by {@code fileName(detailType, version)}.
     */
    public static SchemaRegistry load(Collection<String> detailTypes, BiFunction<String, Integer, String> fileName,
            Opener open, Collection<Upcaster> upcasters) {
        SchemaRegistry registry = new SchemaRegistry();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (String type : detailTypes) {
            for (int version = 1; version < 100; version++) {
                String name = fileName.apply(type, version);
                try (InputStream in = open.open(name)) {
                    if (in == null) {
                        break;
                    }
                    registry.schemas.computeIfAbsent(type, t -> new TreeMap<>()).put(version, factory.getSchema(in));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read schema " + name, e);
                } catch (RuntimeException e) {
                    throw new IllegalStateException("Invalid JSON Schema " + name + ": " + e.getMessage(), e);
                }
            }
        }
        for (Upcaster u : upcasters) {
            registry.upcasters.computeIfAbsent(u.detailType(), t -> new HashMap<>()).put(u.from(), u);
        }
        return registry;
    }

    /** Opens a schema file by name; null when there is none. */
    @FunctionalInterface
    public interface Opener {
        InputStream open(String name) throws IOException;
    }

    /** Detail-types that have a schema, for start-up logging. */
    public Set<String> detailTypes() {
        return schemas.keySet();
    }

    /** The newest schema version of a detail-type, or null when it has none. */
    public Integer currentVersion(String detailType) {
        TreeMap<Integer, JsonSchema> versions = schemas.get(detailType);
        return versions == null ? null : versions.lastKey();
    }

    /**
     * The detail to hand to handlers: upcast from {@code schemaVersion} (null: {@value #DEFAULT_VERSION}) to the
     * newest version and validated against its schema. Throws {@link SchemaValidationException} with every
     * validation error, or when the version is unknown or cannot be upcast.
     */
    public JsonNode prepare(String detailType, String schemaVersion, JsonNode detail) {
        TreeMap<Integer, JsonSchema> versions = schemas.get(detailType);
        if (versions == null) {
            return detail;
        }
        int version;
        try {
            version = schemaVersion == null || schemaVersion.isBlank() ? DEFAULT_VERSION : Integer.parseInt(schemaVersion.trim());
        } catch (NumberFormatException e) {
            throw new SchemaValidationException("'" + detailType + "' event has schema_version '" + schemaVersion
                    + "', expected a whole number", List.of());
        }
        int current = versions.lastKey();
        if (version > current) {
            throw new SchemaValidationException("'" + detailType + "' event has schema_version " + version
                    + ", newer than the newest known version " + current, List.of());
        }
        JsonNode upcast = detail;
        for (int v = version; v < current; v++) {
            Upcaster upcaster = upcasters.getOrDefault(detailType, Map.of()).get(v);
            if (upcaster == null) {
                throw new SchemaValidationException("'" + detailType + "' event has schema_version " + version
                        + " and no upcaster from version " + v + " to " + (v + 1) + " is registered", List.of());
            }
            if (!(upcast instanceof ObjectNode object)) {
                throw new SchemaValidationException("'" + detailType + "' detail is not an object", List.of());
            }
            upcast = upcaster.upcast(object.deepCopy());
            ((ObjectNode) upcast).put("schema_version", v + 1);
        }
        Set<ValidationMessage> errors = versions.get(current).validate(upcast);
        if (!errors.isEmpty()) {
            List<String> messages = new ArrayList<>();
            errors.forEach(m -> messages.add(m.getMessage()));
            messages.sort(null);
            throw new SchemaValidationException("'" + detailType + "' detail does not match schema version " + current,
                    messages);
        }
        return upcast;
    }
}
