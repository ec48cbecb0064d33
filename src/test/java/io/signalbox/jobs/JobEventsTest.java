package io.signalbox.jobs;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command events of jobs (EventBridge's Scheduled Event shape), the job catalogue and the admin answers. */
class JobEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Rule.Target> COMMANDS = List.of(new Rule.Target(null, null, "command-queue"));
    private static final Rule FORECAST = new Rule("daily-forecasting-job", null, "d", "ENABLED", null, COMMANDS,
            "cron(0 2 * * ? *)");
    private static final Rule OFF = new Rule("paused-job", null, null, "DISABLED", null, COMMANDS, "rate(1 hour)");
    private static final JobCatalog CATALOG = new JobCatalog(new RuleSet(List.of("custom-event-bus"), List.of(FORECAST, OFF,
            new Rule("orders", "custom-event-bus", null, null, pattern(), COMMANDS))), "eu-west-1", "123456789012");
    private static final JobEvents EVENTS = new JobEvents(MAPPER, CATALOG, "123456789012", "eu-west-1");

    private static JsonNode pattern() {
        return MAPPER.createObjectNode().set("source", MAPPER.createArrayNode().add("orders"));
    }

    @Test
    void aScheduledRunIsTheEventEventBridgeSendsForAScheduledRule() throws Exception {
        JsonNode event = MAPPER.readTree(EVENTS.scheduled("id-1", FORECAST, Instant.parse("2024-01-15T02:00:00.123Z")));
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                fieldNames(event));
        assertEquals("0", event.get("version").asText());
        assertEquals("id-1", event.get("id").asText());
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("123456789012", event.get("account").asText());
        assertEquals("2024-01-15T02:00:00Z", event.get("time").asText());
        assertEquals("eu-west-1", event.get("region").asText());
        assertEquals("[\"arn:aws:events:eu-west-1:123456789012:rule/daily-forecasting-job\"]",
                event.get("resources").toString());
        assertEquals("{}", event.get("detail").toString());
    }

    @Test
    void anOperatorsRunHasTheSameShapeMarkedManualWithItsParameters() throws Exception {
        JsonNode event = MAPPER.readTree(EVENTS.manual("id-2", OFF, Instant.parse("2024-01-15T10:30:05Z"),
                MAPPER.readTree("{\"sku\":\"SKU-001\"}")));
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("2024-01-15T10:30:05Z", event.get("time").asText());
        assertEquals("[\"arn:aws:events:eu-west-1:123456789012:rule/paused-job\"]", event.get("resources").toString());
        assertEquals("{\"command\":\"paused-job\",\"trigger\":\"manual\",\"parameters\":{\"sku\":\"SKU-001\"}}",
                event.get("detail").toString());
        // no parameters, no parameters field
        assertEquals("{\"command\":\"paused-job\",\"trigger\":\"manual\"}", MAPPER.readTree(
                EVENTS.manual("id-3", OFF, Instant.parse("2024-01-15T10:30:05Z"), null)).get("detail").toString());
    }

    @Test
    void theCatalogHoldsTheScheduledRulesEnabledOrNot() {
        assertEquals(List.of("daily-forecasting-job", "paused-job"), CATALOG.names());
        assertEquals(List.of(FORECAST), CATALOG.enabledJobs());
        assertTrue(CATALOG.job("paused-job").isPresent());
        assertFalse(CATALOG.job("orders").isPresent(), "an event rule is not a job");
        assertFalse(CATALOG.job(null).isPresent());
    }

    @Test
    void answersFollowSeed000sShapeWithTheEventIdOnTop() throws Exception {
        JobResponses responses = new JobResponses(MAPPER);
        assertEquals("{\"event_id\":\"e-1\",\"statusCode\":200,\"body\":{\"status\":\"success\",\"event_id\":\"e-1\","
                + "\"job\":\"daily-forecasting-job\"}}", responses.success("e-1", "daily-forecasting-job"));
        assertEquals("{\"statusCode\":404,\"body\":{\"status\":\"error\",\"error\":\"Unknown job 'x'\"}}",
                responses.error(404, "Unknown job 'x'"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
