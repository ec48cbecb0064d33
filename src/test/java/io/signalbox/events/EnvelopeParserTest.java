package io.signalbox.events;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An EventBridge event as SQS delivers it, read into an Envelope; what is not an event is refused with why. */
class EnvelopeParserTest {

    private final EnvelopeParser parser = new EnvelopeParser(new ObjectMapper());

    private String refusal(String body) {
        return assertThrows(InvalidEventException.class, () -> parser.parse(body)).getMessage();
    }

    @Test
    void readsTheEventAndTheFieldsThatTravelInDetail() {
        Envelope e = parser.parse("{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"StockReserved\","
                + "\"source\":\"inventory\",\"account\":\"123456789012\",\"time\":\"2024-01-15T10:00:00Z\","
                + "\"region\":\"eu-west-1\",\"resources\":[\"arn:a\"],\"detail\":{\"order_id\":\"o\","
                + "\"correlation_id\":\"c-1\",\"causation_id\":\"e-0\",\"schema_version\":\"2\",\"tenant\":\"acme\"}}");
        assertEquals("0", e.version());
        assertEquals("e-1", e.id());
        assertEquals("StockReserved", e.detailType());
        assertEquals("inventory", e.source());
        assertEquals("123456789012", e.account());
        assertEquals("2024-01-15T10:00:00Z", e.time());
        assertEquals("eu-west-1", e.region());
        assertEquals(List.of("arn:a"), e.resources());
        assertEquals("c-1", e.correlationId());
        assertEquals("e-0", e.causationId());
        assertEquals("2", e.schemaVersion());
        assertEquals("acme", e.tenant());
        assertEquals("o", e.detail().get("order_id").asText());
        assertNull(e.replayName());
    }

    @Test
    void aReplayedEventCarriesItsReplayName() {
        Envelope replayed = parser.parse("{\"id\":\"e-9\",\"source\":\"alchemiser.strategy\",\"detail-type\":"
                + "\"SignalGenerated\",\"detail\":{},\"replay-name\":\"fix-123\"}");
        assertEquals("fix-123", replayed.replayName());
        assertTrue(replayed.replayed());
        Envelope first = parser.parse("{\"id\":\"e-9\",\"source\":\"alchemiser.strategy\",\"detail\":{}}");
        assertNull(first.replayName());
        assertFalse(first.replayed());
        assertNull(parser.parse("{\"id\":\"e-9\",\"source\":\"s\",\"replay-name\":\"\"}").replayName());
        // the constructor without a replay name makes a first delivery
        assertNull(new Envelope("0", "e", "T", "s", "a", "t", "r", List.of(), first.detail(), "e", null, null, null)
                .replayName());
    }

    @Test
    void anEventWithoutCorrelationIdIsCorrelatedByItsOwnId() {
        Envelope e = parser.parse("{\"id\":\"e-2\",\"source\":\"s\",\"detail-type\":\"T\",\"detail\":{}}");
        assertEquals("e-2", e.correlationId());
        assertNull(e.causationId());
        assertNull(e.schemaVersion());
        assertNull(e.tenant());
        assertEquals(List.of(), e.resources());
    }

    @Test
    void aBlankCorrelationIdCountsAsNone() {
        assertEquals("e-3", parser.parse("{\"id\":\"e-3\",\"source\":\"s\",\"detail\":{\"correlation_id\":\"\"}}")
                .correlationId());
    }

    @Test
    void detailSentAsAJsonStringIsParsed() {
        Envelope e = parser.parse("{\"id\":\"e-4\",\"source\":\"aws.scheduler\",\"detail-type\":\"Scheduled Event\","
                + "\"detail\":\"{\\\"command\\\":\\\"forecast\\\",\\\"correlation_id\\\":\\\"c-4\\\"}\"}");
        assertTrue(e.detail().isObject());
        assertEquals("forecast", e.detail().get("command").asText());
        assertEquals("c-4", e.correlationId());
    }

    @Test
    void anEventWithoutDetailHasAnEmptyOne() {
        Envelope e = parser.parse("{\"id\":\"e-5\",\"source\":\"s\"}");
        assertTrue(e.detail().isObject() && e.detail().isEmpty());
    }

    @Test
    void anEventWithoutIdIsRefused() {
        assertEquals("Event has no id: not an EventBridge event", refusal("{\"source\":\"s\",\"detail\":{}}"));
        assertEquals("Event has no id: not an EventBridge event", refusal("{\"id\":\" \",\"source\":\"s\"}"));
    }

    @Test
    void anEventWithoutSourceIsRefused() {
        assertEquals("Event has no source: not an EventBridge event", refusal("{\"id\":\"1\",\"detail\":{}}"));
    }

    @ParameterizedTest(name = "body {0}")
    @ValueSource(strings = {"not json", "{\"id\":", "<xml/>"})
    void aMessageThatIsNotJsonIsRefused(String body) {
        assertTrue(refusal(body).startsWith("Message is not valid JSON: "));
    }

    @Test
    void otherShapesAreRefusedWithTheReason() {
        assertEquals("Empty message: expected an EventBridge event as JSON", refusal(""));
        assertEquals("Message must be a JSON object (an EventBridge event)", refusal("[1]"));
        assertEquals("Event 1: detail must be a JSON object, got array",
                refusal("{\"id\":\"1\",\"source\":\"s\",\"detail\":[1]}"));
        assertEquals("Event 1: detail is a string that is not JSON",
                refusal("{\"id\":\"1\",\"source\":\"s\",\"detail\":\"{oops\"}"));
    }
}
