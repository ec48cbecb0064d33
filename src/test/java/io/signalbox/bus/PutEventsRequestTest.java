package io.signalbox.bus;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PutEventsRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static PutEventsRequest parse(String json) {
        return PutEventsRequest.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8), "123456789012", "eu-west-1");
    }

    private static String entries(String... entries) {
        return "{\"Entries\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(String source, String detailType, String detail) throws Exception {
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
        return MAPPER.writeValueAsString(e);
    }

    @Test
    void aValidEntryBecomesAnEventInEventBridgeShape() throws Exception {
        PutEventsRequest.Entry entry = parse(entries(entry("orders", "Order Created", "{\"order_id\":\"ORD-1\"}")))
                .entries().get(0);
        assertTrue(entry.accepted());
        assertEquals("default", entry.bus());
        ObjectNode event = entry.event();
        assertEquals(List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"),
                iterable(event.fieldNames()));
        assertEquals("0", event.get("version").asText());
        assertTrue(event.get("id").asText().matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
        assertEquals("Order Created", event.get("detail-type").asText());
        assertEquals("orders", event.get("source").asText());
        assertEquals("123456789012", event.get("account").asText());
        assertEquals("eu-west-1", event.get("region").asText());
        assertTrue(event.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), event.get("time").asText());
        assertTrue(event.get("resources").isArray());
        assertEquals("ORD-1", event.get("detail").get("order_id").asText());
    }

    @Test
    void eachInvalidEntryIsRejectedOnItsOwnWithAReason() throws Exception {
        List<PutEventsRequest.Entry> result = parse(entries(
                entry(null, "T", "{}"),
                entry("s", null, "{}"),
                entry("s", "T", null),
                entry("s", "T", "{not json"),
                entry("s", "T", "[1,2]"),
                entry("s", "T", "{\"ok\":true}"))).entries();
        assertEquals("InvalidArgument", result.get(0).errorCode());
        assertTrue(result.get(0).errorMessage().contains("Source"));
        assertEquals("InvalidArgument", result.get(1).errorCode());
        assertTrue(result.get(1).errorMessage().contains("DetailType"));
        assertEquals("InvalidArgument", result.get(2).errorCode());
        assertTrue(result.get(2).errorMessage().contains("Detail"));
        assertEquals("MalformedDetail", result.get(3).errorCode());
        assertTrue(result.get(3).errorMessage().contains("not valid JSON"));
        assertEquals("MalformedDetail", result.get(4).errorCode());
        assertTrue(result.get(4).errorMessage().contains("array"));
        assertTrue(result.get(5).accepted());
    }

    @Test
    void anEntryOver256KbIsRejectedCountingAsEventBridgeDoes() throws Exception {
        String fits = "{\"x\":\"" + "a".repeat(PutEventsRequest.MAX_ENTRY_BYTES - 10 - 2 - 1 - 9) + "\"}";
        String over = "{\"x\":\"" + "a".repeat(PutEventsRequest.MAX_ENTRY_BYTES) + "\"}";
        List<PutEventsRequest.Entry> result = parse(entries(entry("s", "T", fits), entry("s", "T", over))).entries();
        assertTrue(result.get(0).accepted(), () -> result.get(0).errorMessage());
        assertEquals("EntryTooLarge", result.get(1).errorCode());
        assertTrue(result.get(1).errorMessage().contains("262144"));
    }

    @Test
    void eventBusNameMayBeANameOrAnArn() {
        assertEquals("custom-event-bus", PutEventsRequest.busName("custom-event-bus"));
        assertEquals("custom-event-bus",
                PutEventsRequest.busName("arn:aws:events:us-east-1:000000000000:event-bus/custom-event-bus"));
        assertEquals("default", PutEventsRequest.busName(null));
        assertEquals("default", PutEventsRequest.busName(""));
    }

    @Test
    void timeIsTakenFromEpochSecondsOrIsoText() {
        List<PutEventsRequest.Entry> result = parse(entries(
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":1705312800.5}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":\"2024-01-15T10:00:00Z\"}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Time\":\"yesterday\"}")).entries();
        assertEquals("2024-01-15T10:00:00Z", result.get(0).event().get("time").asText());
        assertEquals("2024-01-15T10:00:00Z", result.get(1).event().get("time").asText());
        assertEquals("InvalidArgument", result.get(2).errorCode());
        assertTrue(result.get(2).errorMessage().contains("Time"));
    }

    @Test
    void resourcesAreCarriedAndMustBeAList() {
        List<PutEventsRequest.Entry> result = parse(entries(
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Resources\":[\"arn:aws:events:::rule/r\"]}",
                "{\"Source\":\"s\",\"DetailType\":\"T\",\"Detail\":\"{}\",\"Resources\":\"arn\"}")).entries();
        assertEquals("arn:aws:events:::rule/r", result.get(0).event().get("resources").get(0).asText());
        assertFalse(result.get(1).accepted());
        assertEquals("InvalidArgument", result.get(1).errorCode());
    }

    @Test
    void requestsEventBridgeRefusesWholeGetItsErrorTypes() throws Exception {
        ApiException malformed = assertThrows(ApiException.class, () -> parse("{\"Entries\": ["));
        assertEquals("SerializationException", malformed.type());
        assertEquals(400, malformed.status());

        ApiException missing = assertThrows(ApiException.class, () -> parse("{}"));
        assertEquals("ValidationException", missing.type());
        assertTrue(missing.getMessage().contains("entries"));

        ApiException empty = assertThrows(ApiException.class, () -> parse(entries()));
        assertEquals("ValidationException", empty.type());
        assertTrue(empty.getMessage().contains("greater than or equal to 1"));

        String one = entry("s", "T", "{}");
        String[] eleven = new String[11];
        java.util.Arrays.fill(eleven, one);
        ApiException tooMany = assertThrows(ApiException.class, () -> parse(entries(eleven)));
        assertEquals("ValidationException", tooMany.type());
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.getMessage().contains("less than or equal to 10 (the request has 11)"));

        ApiException notObject = assertThrows(ApiException.class, () -> parse("[1]"));
        assertEquals("SerializationException", notObject.type());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
