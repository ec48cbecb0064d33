package io.signalbox.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A replay request is read from JSON and checked; every way it can be wrong has its own message. */
class ReplayRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-02-01T08:30:00Z");

    private static ReplayRequest parse(String json) {
        return ReplayRequest.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8), NOW);
    }

    private static String refusal(String json) {
        ArchiveException e = assertThrows(ArchiveException.class, () -> parse(json));
        assertEquals(400, e.status());
        return e.getMessage();
    }

    @Test
    void readsBusWindowAndName() {
        ReplayRequest r = parse("{\"bus\":\"alchemiser-trading-events\",\"from\":\"2024-01-15T10:00:00Z\","
                + "\"to\":\"2024-01-15T11:00:00Z\",\"name\":\"fix-123\"}");
        assertEquals("alchemiser-trading-events", r.bus());
        assertEquals(Instant.parse("2024-01-15T10:00:00Z"), r.from());
        assertEquals(Instant.parse("2024-01-15T11:00:00Z"), r.to());
        assertEquals("fix-123", r.name());
    }

    @Test
    void anOffsetIsHonouredAndADateAloneIsItsMidnightUtc() {
        ReplayRequest r = parse("{\"bus\":\"b\",\"from\":\"2024-01-15\",\"to\":\"2024-01-15T12:00:00+02:00\"}");
        assertEquals(Instant.parse("2024-01-15T00:00:00Z"), r.from());
        assertEquals(Instant.parse("2024-01-15T10:00:00Z"), r.to());
        assertEquals(Instant.parse("2024-01-15T10:00:00.250Z"),
                parse("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00.250Z\",\"to\":\"2024-01-16\"}").from());
    }

    @Test
    void withoutANameOneIsGeneratedFromTheTimeOfTheRequest() {
        String name = parse("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}").name();
        assertTrue(name.matches("replay-20240201T083000Z-[0-9a-f]{6}"), name);
        String blank = parse("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\","
                + "\"name\":\" \"}").name();
        assertTrue(blank.startsWith("replay-20240201T083000Z-"), blank);
    }

    @Test
    void theBusIsRequired() {
        String missing = refusal("{\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}");
        assertEquals("bus is required: the name of the event bus whose archive to replay", missing);
        assertEquals(missing, refusal("{\"bus\":\"\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}"));
        assertEquals("bus must be a string, not number 7",
                refusal("{\"bus\":7,\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}"));
    }

    @Test
    void fromAndToAreRequiredIso8601TimestampsWithAZone() {
        assertEquals("from is required: an ISO-8601 timestamp such as 2024-01-15T10:00:00Z or 2024-01-15T11:00:00+01:00",
                refusal("{\"bus\":\"b\",\"to\":\"2024-01-15T11:00:00Z\"}"));
        assertEquals("to is required: an ISO-8601 timestamp such as 2024-01-15T10:00:00Z or 2024-01-15T11:00:00+01:00",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T11:00:00Z\",\"to\":null}"));
        assertEquals("from is not an ISO-8601 timestamp: 'yesterday'; expected one such as 2024-01-15T10:00:00Z or "
                + "2024-01-15T11:00:00+01:00", refusal("{\"bus\":\"b\",\"from\":\"yesterday\",\"to\":\"2024-01-15T11:00:00Z\"}"));
        assertEquals("to is not an ISO-8601 timestamp: '2024-13-45T10:00:00Z'; expected one such as "
                + "2024-01-15T10:00:00Z or 2024-01-15T11:00:00+01:00",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T11:00:00Z\",\"to\":\"2024-13-45T10:00:00Z\"}"));
        assertEquals("from has no time zone: '2024-01-15T10:00:00'; add Z for UTC or an offset such as +01:00",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00\",\"to\":\"2024-01-15T11:00:00Z\"}"));
        assertEquals("from must be a string, not number 1705312800",
                refusal("{\"bus\":\"b\",\"from\":1705312800,\"to\":\"2024-01-15T11:00:00Z\"}"));
    }

    @Test
    void fromMustComeBeforeTo() {
        assertEquals("from (2024-01-15T11:00:00Z) is after to (2024-01-15T10:00:00Z)",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T11:00:00Z\",\"to\":\"2024-01-15T10:00:00Z\"}"));
        assertEquals("from and to are the same instant (2024-01-15T10:00:00Z): the window [from, to) holds no event; "
                + "to is exclusive",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T11:00:00+01:00\",\"to\":\"2024-01-15T10:00:00Z\"}"));
    }

    @Test
    void aNameFollowsEventBridgesRules() {
        assertEquals("name must be 1 to 64 letters, digits, '.', '-' or '_', not 'my replay'",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\","
                        + "\"name\":\"my replay\"}"));
        String long65 = "x".repeat(65);
        assertEquals("name must be 1 to 64 letters, digits, '.', '-' or '_', not '" + long65 + "'",
                refusal("{\"bus\":\"b\",\"from\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\","
                        + "\"name\":\"" + long65 + "\"}"));
    }

    @Test
    void theBodyMustBeAJsonObjectOfKnownFields() {
        assertTrue(refusal("{\"bus\":").startsWith("Request body is not valid JSON: "));
        String notObject = "Request body must be a JSON object: {\"bus\": \"…\", \"from\": \"<ISO-8601>\", "
                + "\"to\": \"<ISO-8601>\"} and optionally \"name\"";
        assertEquals(notObject, refusal("[]"));
        assertEquals(notObject, refusal(""));
        assertEquals("Unknown field 'form': a replay takes bus, from, to and optionally name",
                refusal("{\"bus\":\"b\",\"form\":\"2024-01-15T10:00:00Z\",\"to\":\"2024-01-15T11:00:00Z\"}"));
    }

    @Test
    void jmxParametersGetTheSameChecks() {
        ReplayRequest r = ReplayRequest.of("b", "2024-01-15T10:00:00Z", "2024-01-15T11:00:00Z", "", NOW);
        assertTrue(r.name().startsWith("replay-"));
        ArchiveException e = assertThrows(ArchiveException.class,
                () -> ReplayRequest.of("b", "2024-01-15T12:00:00Z", "2024-01-15T11:00:00Z", null, NOW));
        assertEquals("from (2024-01-15T12:00:00Z) is after to (2024-01-15T11:00:00Z)", e.getMessage());
    }
}
