package io.signalbox.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopeParserTest {

    private final EnvelopeParser parser = new EnvelopeParser(new ObjectMapper());

    @Test
    void readsTheEventAndTheFieldsThatTravelInDetail() {
        Envelope e = parser.parse("{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"StockReserved\","
                + "\"source\":\"inventory\",\"account\":\"1\",\"time\":\"2024-01-15T10:00:00Z\",\"region\":\"r\","
                + "\"resources\":[\"arn:a\"],\"detail\":{\"order_id\":\"o\",\"correlation_id\":\"c-1\","
                + "\"causation_id\":\"e-0\",\"schema_version\":\"2\",\"tenant\":\"acme\"}}");
        assertEquals("e-1", e.id());
        assertEquals("StockReserved", e.detailType());
        assertEquals("inventory", e.source());
        assertEquals(java.util.List.of("arn:a"), e.resources());
        assertEquals("c-1", e.correlationId());
        assertEquals("e-0", e.causationId());
        assertEquals("2", e.schemaVersion());
        assertEquals("acme", e.tenant());
        assertEquals("o", e.detail().get("order_id").asText());
    }

    @Test
    void anEventWithoutCorrelationIdIsCorrelatedByItsOwnId() {
        Envelope e = parser.parse("{\"id\":\"e-2\",\"source\":\"s\",\"detail-type\":\"T\",\"detail\":{}}");
        assertEquals("e-2", e.correlationId());
        assertNull(e.causationId());
    }

    @Test
    void detailSentAsAJsonStringIsParsed() {
        Envelope e = parser.parse("{\"id\":\"e-3\",\"source\":\"aws.scheduler\",\"detail-type\":\"Scheduled Event\","
                + "\"detail\":\"{\\\"command\\\":\\\"forecast\\\"}\"}");
        assertEquals("forecast", e.detail().get("command").asText());
    }

    @Test
    void whatIsNotAnEventIsRefusedWithTheReason() {
        assertTrue(assertThrows(InvalidEventException.class, () -> parser.parse("not json")).getMessage()
                .contains("not valid JSON"));
        assertTrue(assertThrows(InvalidEventException.class, () -> parser.parse("")).getMessage().contains("Empty"));
        assertTrue(assertThrows(InvalidEventException.class, () -> parser.parse("[1]")).getMessage()
                .contains("JSON object"));
        assertTrue(assertThrows(InvalidEventException.class, () -> parser.parse("{\"source\":\"s\"}")).getMessage()
                .contains("no id"));
        assertTrue(assertThrows(InvalidEventException.class, () -> parser.parse("{\"id\":\"1\"}")).getMessage()
                .contains("no source"));
        assertTrue(assertThrows(InvalidEventException.class,
                () -> parser.parse("{\"id\":\"1\",\"source\":\"s\",\"detail\":[1]}")).getMessage().contains("detail"));
    }
}
