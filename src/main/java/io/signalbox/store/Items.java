package io.signalbox.store;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Items as plain JSON objects ({@link ObjectNode}), the form every store adapter takes and gives: a table row's
 * {@code item} column in SQL, an attribute map in DynamoDB ({@link DynamoItems}). Numbers keep the digits they were
 * written with (59.98 stays 59.98, never a binary double's expansion), as DynamoDB's N does.
 */
public final class Items {

    /** Decimals read as BigDecimal and written as given. */
    public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(NODES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Items() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** The item a stored JSON text holds. */
    public static ObjectNode parse(String json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalStateException("A stored item is not a JSON object: " + abbreviate(json));
            }
            return object;
        } catch (IOException e) {
            throw new IllegalStateException("A stored item is not JSON (" + e.getMessage() + "): "
                    + abbreviate(json), e);
        }
    }

    public static String write(JsonNode item) {
        try {
            return MAPPER.writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An item could not be written as JSON", e);
        }
    }

    /** A number as DynamoDB's N writes it: a whole number as a long when it fits, any other exactly. */
    public static JsonNode numberNode(String digits) {
        String d = digits.trim();
        boolean whole = !d.isEmpty();
        for (int i = 0; i < d.length() && whole; i++) {
            char c = d.charAt(i);
            whole = Character.isDigit(c) || (i == 0 && c == '-' && d.length() > 1);
        }
        if (whole && d.length() < 19) {
            return NODES.numberNode(Long.parseLong(d));
        }
        return NODES.numberNode(new BigDecimal(d));
    }

    /** The text of a string attribute, or null when it is absent or not a string. */
    public static String text(JsonNode item, String attribute) {
        JsonNode v = item == null ? null : item.get(attribute);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** A number attribute as a long (0 when absent). */
    public static long number(JsonNode item, String attribute) {
        JsonNode v = item == null ? null : item.get(attribute);
        return v == null || !v.isNumber() ? 0 : v.longValue();
    }

    /**
     * A figure for people and charts: whole numbers as they are, others to four decimals, and 0 for NaN or an
     * infinity (DynamoDB's N holds neither).
     */
    public static BigDecimal figure(double v) {
        if (!Double.isFinite(v)) {
            return BigDecimal.ZERO;
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return BigDecimal.valueOf((long) v);
        }
        BigDecimal d = BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
