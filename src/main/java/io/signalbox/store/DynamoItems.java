package io.signalbox.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Plain JSON items and DynamoDB's attribute values, both ways: a string is S, a number N (its digits as written),
 * true/false BOOL, null NUL, an array L and an object M. Read back, a string set (SS) or number set (NS) becomes an
 * array, binary (B) its base64 text. The same mapping gives DynamoDB's JSON wire form ({@code {"S": "…"}}) for the
 * DynamoDB-compatible read API over the local store.
 */
public final class DynamoItems {

    private DynamoItems() {
    }

    public static Map<String, AttributeValue> attributes(ObjectNode item) {
        Map<String, AttributeValue> map = new HashMap<>(Math.max(4, item.size() * 2));
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            map.put(f.getKey(), value(f.getValue()));
        }
        return map;
    }

    public static AttributeValue value(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return AttributeValue.fromNul(true);
        }
        if (v.isTextual()) {
            return AttributeValue.fromS(v.asText());
        }
        if (v.isNumber()) {
            return AttributeValue.fromN(number(v));
        }
        if (v.isBoolean()) {
            return AttributeValue.fromBool(v.booleanValue());
        }
        if (v.isArray()) {
            List<AttributeValue> list = new ArrayList<>(v.size());
            v.forEach(e -> list.add(value(e)));
            return AttributeValue.fromL(list);
        }
        if (v.isObject()) {
            return AttributeValue.fromM(attributes((ObjectNode) v));
        }
        if (v.isBinary()) {
            try {
                return AttributeValue.fromB(SdkBytes.fromByteArray(v.binaryValue()));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return AttributeValue.fromS(v.asText());
    }

    /** A DynamoDB item as plain JSON (null for null). */
    public static ObjectNode item(Map<String, AttributeValue> attributes) {
        if (attributes == null) {
            return null;
        }
        ObjectNode item = Items.object();
        attributes.forEach((k, v) -> item.set(k, json(v)));
        return item;
    }

    public static JsonNode json(AttributeValue v) {
        return switch (v.type()) {
            case S -> Items.NODES.textNode(v.s());
            case N -> Items.numberNode(v.n());
            case BOOL -> Items.NODES.booleanNode(v.bool());
            case NUL -> Items.NODES.nullNode();
            case B -> Items.NODES.textNode(Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case L -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.l().forEach(e -> a.add(json(e)));
                yield a;
            }
            case M -> item(v.m());
            case SS -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.ss().forEach(a::add);
                yield a;
            }
            case NS -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.ns().forEach(n -> a.add(Items.numberNode(n)));
                yield a;
            }
            case BS -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.bs().forEach(b -> a.add(Base64.getEncoder().encodeToString(b.asByteArray())));
                yield a;
            }
            default -> Items.NODES.nullNode();
        };
    }

    /** An item in DynamoDB's JSON wire form: each attribute {@code {"S": …}}, {@code {"N": "…"}}, … */
    public static ObjectNode wire(ObjectNode item) {
        ObjectNode out = Items.object();
        item.fields().forEachRemaining(f -> out.set(f.getKey(), wireValue(f.getValue())));
        return out;
    }

    static ObjectNode wireValue(JsonNode v) {
        ObjectNode typed = Items.object();
        if (v == null || v.isNull()) {
            typed.put("NULL", true);
        } else if (v.isTextual()) {
            typed.put("S", v.asText());
        } else if (v.isNumber()) {
            typed.put("N", number(v));
        } else if (v.isBoolean()) {
            typed.put("BOOL", v.booleanValue());
        } else if (v.isArray()) {
            ArrayNode list = typed.putArray("L");
            v.forEach(e -> list.add(wireValue(e)));
        } else if (v.isObject()) {
            typed.set("M", wire((ObjectNode) v));
        } else {
            typed.put("S", v.asText());
        }
        return typed;
    }

    /**
     * A value in DynamoDB's JSON wire form as plain JSON; a form this API does not read (B, BS) is refused with
     * the reason.
     */
    public static JsonNode fromWire(JsonNode typed) {
        if (typed == null || !typed.isObject() || typed.size() != 1) {
            throw new IllegalArgumentException("an attribute value must be an object with one type key (S, N, BOOL, "
                    + "NULL, L, M, SS, NS), not " + typed);
        }
        Map.Entry<String, JsonNode> e = typed.fields().next();
        JsonNode v = e.getValue();
        return switch (e.getKey()) {
            case "S" -> Items.NODES.textNode(v.asText());
            case "N" -> {
                try {
                    yield Items.numberNode(v.asText());
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException("N value '" + v.asText() + "' is not a number");
                }
            }
            case "BOOL" -> Items.NODES.booleanNode(v.asBoolean());
            case "NULL" -> Items.NODES.nullNode();
            case "L" -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.forEach(x -> a.add(fromWire(x)));
                yield a;
            }
            case "M" -> {
                ObjectNode o = Items.object();
                v.fields().forEachRemaining(f -> o.set(f.getKey(), fromWire(f.getValue())));
                yield o;
            }
            case "SS", "NS" -> {
                ArrayNode a = Items.NODES.arrayNode();
                v.forEach(x -> a.add(e.getKey().equals("NS") ? Items.numberNode(x.asText())
                        : Items.NODES.textNode(x.asText())));
                yield a;
            }
            default -> throw new IllegalArgumentException("attribute type " + e.getKey()
                    + " is not supported by the local DynamoDB API (S, N, BOOL, NULL, L, M, SS, NS are)");
        };
    }

    private static String number(JsonNode v) {
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        if (v.isFloatingPointNumber()) {
            return BigDecimal.valueOf(v.doubleValue()).toPlainString();
        }
        return v.asText();
    }
}
