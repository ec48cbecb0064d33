package io.signalbox.bus;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PutEvents parsing and validation, EventBridge's rules: what is refused per entry (the others go through)
 * and what refuses the whole request.
 */
class PutEventsRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
    private static final String VALID = "{\"Source\":\"orders\",\"DetailType\":\"Order Created\",\"Detail\":\"{}\"}";

    private static PutEventsRequest parse(String json) {
        return PutEventsRequest.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8), "123456789012", "eu-west-1");
    }

    private static List<PutEventsRequest.Entry> parseEntries(String... entries) {
        return parse(entries(entries)).entries();
    }

    private static String entries(String... entries) {
        return "{\"Entries\":[" + String.join(",", entries) + "]}";
    }

    /** An entry with the given fields; a null value leaves the field out. */
    private static String entry(String source, String detailType, String detail) {
        ObjectNode e = MAPPER.createObjectNode();
        if (source != null) {
            e.put("Source", source);
        }
        if (detailType != null) {
            e.put("DetailType", detailType);
        }
        if (detail != null) {
            e.put("Detail", detail);
        }
        return e.toString();
    }

    private static ApiException refused(String body) {
        return assertThrows(ApiException.class, () -> parse(body));
    }

    @Test
    void aValidEntryBecomesAnEventInEventBridgeShape() {
        Instant before = Instant.now().minusSeconds(1);
        PutEventsRequest.Entry entry = parseEntries(
                "{\"Source\":\"orders\",\"DetailType\":\"Order Created\",\"Detail\":\"{\\\"order_id\\\":\\\"ORD-1\\\","
                        + "\\\"items\\\":[{\\\"qty\\\":2}]}\",\"Resources\":[\"arn:aws:dynamodb:eu-west-1:123456789012:table/orders\"]}")
                .get(0);
        assertTrue(entry.accepted());
        assertNull(entry.errorCode());
        assertEquals("default", entry.bus());
        assertEquals("orders", entry.source());
        assertEquals("Order Created", entry.detailType());

        ObjectNode event = entry.event();
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                fieldNames(event));
        assertEquals("0", event.get("version").asText());
        assertTrue(event.get("id").asText().matches(UUID), event.get("id").asText());
        assertEquals(entry.eventId(), event.get("id").asText());
        assertEquals("Order Created", event.get("detail-type").asText());
        assertEquals("orders", event.get("source").asText());
        assertEquals("123456789012", event.get("account").asText());
        assertEquals("eu-west-1", event.get("region").asText());
        String time = event.get("time").asText();
        assertTrue(time.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), time);
        Instant stamped = Instant.parse(time);
        assertFalse(stamped.isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)), time);
        assertTrue(Duration.between(stamped, Instant.now()).getSeconds() < 5, time);
        assertEquals(MAPPER.createArrayNode().add("arn:aws:dynamodb:eu-west-1:123456789012:table/orders"),
                event.get("resources"));
        // detail is the parsed object, not the string PutEvents carries it in
        assertTrue(event.get("detail").isObject());
        assertEquals("ORD-1", event.get("detail").get("order_id").asText());
        assertEquals(2, event.get("detail").get("items").get(0).get("qty").asInt());
    }

    @Test
    void withoutResourcesTheEventHasAnEmptyListAndEveryEventItsOwnId() {
        List<PutEventsRequest.Entry> result = parseEntries(VALID, VALID);
        assertEquals(MAPPER.createArrayNode(), result.get(0).event().get("resources"));
        assertNotEquals(result.get(0).eventId(), result.get(1).eventId());
    }

    @ParameterizedTest(name = "missing {0}")
    @CsvSource(delimiter = '|', value = {
        "Source     | Parameter Source is not valid. Reason: Source is a required argument.",
        "DetailType | Parameter DetailType is not valid. Reason: DetailType is a required argument.",
        "Detail     | Parameter Detail is not valid. Reason: Detail is a required argument."})
    void aMissingRequiredFieldRejectsThatEntryAloneWithInvalidArgument(String field, String message) {
        ObjectNode broken = (ObjectNode) read(VALID);
        broken.remove(field);
        List<PutEventsRequest.Entry> result = parseEntries(VALID, broken.toString(), VALID);
        assertEquals("InvalidArgument", result.get(1).errorCode());
        assertEquals(message, result.get(1).errorMessage());
        assertNull(result.get(1).event());
        assertTrue(result.get(0).accepted());
        assertTrue(result.get(2).accepted());
    }

    @Test
    void aBlankSourceOrDetailTypeCountsAsMissing() {
        List<PutEventsRequest.Entry> result = parseEntries(entry(" ", "T", "{}"), entry("s", "", "{}"));
        assertEquals("InvalidArgument", result.get(0).errorCode());
        assertTrue(result.get(0).errorMessage().startsWith("Parameter Source is not valid"));
        assertEquals("InvalidArgument", result.get(1).errorCode());
        assertTrue(result.get(1).errorMessage().startsWith("Parameter DetailType is not valid"));
    }

    @ParameterizedTest(name = "Detail {0}")
    @ValueSource(strings = {"{not json", "{\"a\":1", "{} trailing", "order 7"})
    void detailThatIsNotJsonIsMalformed(String detail) {
        List<PutEventsRequest.Entry> result = parseEntries(entry("s", "T", detail), VALID);
        assertEquals("MalformedDetail", result.get(0).errorCode());
        assertTrue(result.get(0).errorMessage().startsWith("Detail is malformed: not valid JSON"),
                result.get(0).errorMessage());
        assertTrue(result.get(1).accepted());
    }

    @ParameterizedTest(name = "Detail {0}")
    @CsvSource(delimiter = '|', value = {"[1,2] | array", "\"text\" | string", "42 | number", "null | null"})
    void detailThatIsJsonButNotAnObjectIsMalformed(String detail, String kind) {
        List<PutEventsRequest.Entry> result = parseEntries(entry("s", "T", detail), VALID);
        assertEquals("MalformedDetail", result.get(0).errorCode());
        assertEquals("Detail is malformed: it must be a JSON object, got " + kind + ".", result.get(0).errorMessage());
        assertTrue(result.get(1).accepted());
    }

    @Test
    void anEntryOver256KbIsTooLargeCountedInUtf8BytesAsEventBridgeCountsIt() {
        // Source "s" (1) + DetailType "T" (1) + Detail {"x":"…"} (8 + n)
        String exactly = entry("s", "T", "{\"x\":\"" + "a".repeat(262144 - 10) + "\"}");
        String oneOver = entry("s", "T", "{\"x\":\"" + "a".repeat(262144 - 10 + 1) + "\"}");
        // é is 2 bytes in UTF-8: half as many characters reach the same size
        String oneOverInUtf8 = entry("s", "T", "{\"x\":\"" + "é".repeat((262144 - 10) / 2) + "a\"}");
        List<PutEventsRequest.Entry> result = parseEntries(exactly, oneOver, oneOverInUtf8);
        assertTrue(result.get(0).accepted(), () -> result.get(0).errorMessage());
        assertEquals("EntryTooLarge", result.get(1).errorCode());
        assertEquals("Entry size is 262145 bytes, over the limit of 262144 bytes (Source, DetailType, Detail, "
                + "Resources and Time count).", result.get(1).errorMessage());
        assertEquals("EntryTooLarge", result.get(2).errorCode());
        assertTrue(result.get(2).errorMessage().startsWith("Entry size is 262145 bytes"), result.get(2).errorMessage());
    }

    @Test
    void timeCounts14BytesAndEachResourceItsLength() {
        String detail = "{\"x\":\"" + "a".repeat(262144 - 10 - 14) + "\"}"; // exactly at the limit with Time
        String withTime = "{\"Source\":\"s\",\"DetailType\":\"T\",\"Time\":1705312800,\"Detail\":"
                + MAPPER.valueToTree(detail) + "}";
        String withTimeAndResource = "{\"Source\":\"s\",\"DetailType\":\"T\",\"Time\":1705312800,\"Resources\":[\"r\"],"
                + "\"Detail\":" + MAPPER.valueToTree(detail) + "}";
        List<PutEventsRequest.Entry> result = parseEntries(withTime, withTimeAndResource);
        assertTrue(result.get(0).accepted(), () -> result.get(0).errorMessage());
        assertEquals("EntryTooLarge", result.get(1).errorCode());
        assertTrue(result.get(1).errorMessage().startsWith("Entry size is 262145 bytes"), result.get(1).errorMessage());
    }

    @ParameterizedTest(name = "EventBusName {0}")
    @CsvSource({
        "custom-event-bus, custom-event-bus",
        "arn:aws:events:us-east-1:000000000000:event-bus/custom-event-bus, custom-event-bus",
        "default, default",
        "arn:aws:events:us-east-1:000000000000:event-bus/default, default"})
    void eventBusNameIsANameOrAnArn(String given, String bus) {
        PutEventsRequest.Entry entry = parseEntries(
                "{\"EventBusName\":\"" + given + "\",\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\"}").get(0);
        assertTrue(entry.accepted());
        assertEquals(bus, entry.bus());
    }

    @Test
    void withoutEventBusNameTheBusIsDefault() {
        assertEquals("default", parseEntries(VALID).get(0).bus());
        assertEquals("default", parseEntries(
                "{\"EventBusName\":\"\",\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\"}").get(0).bus());
    }

    @Test
    void timeIsEpochSecondsAsTheSdksSendItOrIsoText() {
        List<PutEventsRequest.Entry> result = parseEntries(
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":1705312800}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":1705312800.75}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":\"2024-01-15T10:00:00Z\"}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":\"2024-01-15T10:00:00.999Z\"}");
        for (PutEventsRequest.Entry entry : result) {
            assertEquals("2024-01-15T10:00:00Z", entry.event().get("time").asText());
        }
    }

    @ParameterizedTest(name = "Time {0}")
    @ValueSource(strings = {"\"yesterday\"", "\"2024-13-45T10:00:00Z\"", "1e30", "99999999999999999"})
    void aTimeThatIsNoTimestampRejectsItsEntryOnly(String time) {
        List<PutEventsRequest.Entry> result = parseEntries(
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":" + time + "}", VALID);
        assertEquals("InvalidArgument", result.get(0).errorCode());
        assertTrue(result.get(0).errorMessage().startsWith("Parameter Time is not valid. Reason: "),
                result.get(0).errorMessage());
        assertTrue(result.get(1).accepted());
    }

    @Test
    void resourcesMustBeAList() {
        PutEventsRequest.Entry entry = parseEntries(
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Resources\":\"arn\"}").get(0);
        assertEquals("InvalidArgument", entry.errorCode());
        assertEquals("Parameter Resources is not valid. Reason: Resources must be a list of ARNs.", entry.errorMessage());
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"{\"Entries\": [", "not json", "{\"Entries\":[" + VALID + "]} trailing"})
    void aBodyThatIsNotJsonIsASerializationException(String body) {
        ApiException e = refused(body);
        assertEquals("SerializationException", e.type());
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("Request body is not valid JSON: "), e.getMessage());
    }

    @Test
    void aBodyOrEntryOfTheWrongJsonTypeIsASerializationException() {
        assertEquals("Request body must be a JSON object", refused("[1]").getMessage());
        assertEquals("Entries must be a JSON array", refused("{\"Entries\":{}}").getMessage());
        ApiException notAnObject = refused(entries(VALID, "1"));
        assertEquals("SerializationException", notAnObject.type());
        assertEquals("Each entry must be a JSON object", notAnObject.getMessage());
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"{}", "{\"Entries\":null}"})
    void missingEntriesIsAValidationException(String body) {
        ApiException e = refused(body);
        assertEquals("ValidationException", e.type());
        assertEquals(400, e.status());
        assertEquals("1 validation error detected: Value null at 'entries' failed to satisfy constraint: "
                + "Member must not be null", e.getMessage());
    }

    @Test
    void noEntriesIsAValidationException() {
        ApiException e = refused(entries());
        assertEquals("ValidationException", e.type());
        assertEquals(400, e.status());
        assertEquals("1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1", e.getMessage());
    }

    @Test
    void elevenEntriesIsAValidationExceptionAndTenAreFine() {
        ApiException e = refused(entries(Collections.nCopies(11, VALID).toArray(String[]::new)));
        assertEquals("ValidationException", e.type());
        assertEquals(400, e.status());
        assertEquals("1 validation error detected: Value at 'entries' failed to satisfy constraint: "
                + "Member must have length less than or equal to 10 (the request has 11)", e.getMessage());

        List<PutEventsRequest.Entry> ten = parseEntries(Collections.nCopies(10, VALID).toArray(String[]::new));
        assertEquals(10, ten.size());
        assertTrue(ten.stream().allMatch(PutEventsRequest.Entry::accepted));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> fieldNames(ObjectNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
