package io.signalbox.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Against the schemas in config/schemas and the built-in upcasters. */
class SchemaRegistryTest {

    private final ObjectMapper json = new ObjectMapper();
    private final SchemaRegistry registry = SchemaRegistry.load(
            List.of("WorkflowStarted", "TradeExecuted", "Order Created"),
            (type, version) -> type.replace(' ', '-') + ".v" + version + ".json",
            name -> {
                java.nio.file.Path file = java.nio.file.Path.of("config/schemas", name);
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.newInputStream(file) : null;
            },
            BuiltInUpcasters.all());

    @Test
    void versionsAreFound() {
        assertEquals(2, registry.currentVersion("WorkflowStarted"));
        assertEquals(1, registry.currentVersion("TradeExecuted"));
        assertEquals(null, registry.currentVersion("Order Created"));
    }

    @Test
    void validDetailPassesUnchanged() throws Exception {
        JsonNode detail = json.readTree("{\"symbol\":\"AAPL\",\"side\":\"BUY\",\"quantity\":3}");
        assertSame(detail, registry.prepare("TradeExecuted", "1", detail));
    }

    @Test
    void everyValidationErrorIsReported() throws Exception {
        SchemaValidationException e = assertThrows(SchemaValidationException.class, () -> registry.prepare(
                "TradeExecuted", null, json.readTree("{\"symbol\":\"\",\"side\":\"HOLD\",\"quantity\":0}")));
        assertEquals(3, e.errors().size(), e.errors().toString());
        assertTrue(e.getMessage().startsWith("'TradeExecuted' detail does not match schema version 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("$.side"), e.getMessage());
        assertTrue(e.getMessage().contains("$.quantity"), e.getMessage());
        assertTrue(e.getMessage().contains("$.symbol"), e.getMessage());
    }

    @Test
    void olderVersionIsUpcastThenValidatedAgainstTheNewest() throws Exception {
        JsonNode v1 = json.readTree("{\"workflow_type\":\"nightly\",\"schema_version\":1}");
        JsonNode v2 = registry.prepare("WorkflowStarted", "1", v1);
        assertEquals("nightly", v2.get("workflow_name").asText());
        assertFalse(v2.has("workflow_type"));
        assertEquals(2, v2.get("schema_version").asInt());
        assertTrue(v1.has("workflow_type"), "the original detail is not modified");
    }

    @Test
    void currentVersionIsNotUpcast() throws Exception {
        // v2 without workflow_name is invalid even though v1 had workflow_type: no upcasting from the current version
        assertThrows(SchemaValidationException.class, () -> registry.prepare("WorkflowStarted", "2",
                json.readTree("{\"workflow_type\":\"nightly\",\"requested_at\":\"now\"}")));
    }

    @Test
    void unknownOrBadVersionsAreSpecificErrors() throws Exception {
        JsonNode d = json.readTree("{}");
        assertEquals("'WorkflowStarted' event has schema_version 3, newer than the newest known version 2",
                assertThrows(SchemaValidationException.class, () -> registry.prepare("WorkflowStarted", "3", d)).getMessage());
        assertEquals("'WorkflowStarted' event has schema_version 'two', expected a whole number",
                assertThrows(SchemaValidationException.class, () -> registry.prepare("WorkflowStarted", "two", d)).getMessage());
    }

    @Test
    void missingUpcasterIsASpecificError() {
        SchemaRegistry noUpcasters = SchemaRegistry.load(List.of("X"), (t, v) -> t + v,
                name -> Map.of("X1", "{\"type\":\"object\"}", "X2", "{\"type\":\"object\"}").containsKey(name)
                        ? new ByteArrayInputStream(Map.of("X1", "{\"type\":\"object\"}", "X2", "{\"type\":\"object\"}")
                                .get(name).getBytes(StandardCharsets.UTF_8)) : null,
                List.of());
        SchemaValidationException e = assertThrows(SchemaValidationException.class,
                () -> noUpcasters.prepare("X", "1", json.createObjectNode()));
        assertEquals("'X' event has schema_version 1 and no upcaster from version 1 to 2 is registered", e.getMessage());
    }

    @Test
    void typeWithoutSchemaIsNotValidated() throws Exception {
        JsonNode anything = json.readTree("{\"whatever\":true}");
        assertSame(anything, registry.prepare("Order Created", "7", anything));
    }
}
