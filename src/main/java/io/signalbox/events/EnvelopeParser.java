package io.signalbox.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads an EventBridge event (as SQS delivers it) into an {@link Envelope}, in one parse. */
public final class EnvelopeParser {

    private final ObjectMapper mapper;

    public EnvelopeParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Envelope parse(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidEventException("Empty message: expected an EventBridge event as JSON");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new InvalidEventException("Message is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return parse(root);
    }

    public Envelope parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new InvalidEventException("Message must be a JSON object (an EventBridge event)");
        }
        String id = required(root, "id");
        String source = required(root, "source");
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            detail = mapper.createObjectNode();
        } else if (detail.isTextual()) {
            // EventBridge Scheduler and some producers send detail as a JSON string
            try {
                detail = mapper.readTree(detail.asText());
            } catch (IOException e) {
                throw new InvalidEventException("Event " + id + ": detail is a string that is not JSON", e);
            }
        }
        if (!detail.isObject()) {
            throw new InvalidEventException("Event " + id + ": detail must be a JSON object, got "
                    + detail.getNodeType().name().toLowerCase());
        }
        List<String> resources = new ArrayList<>();
        JsonNode res = root.get("resources");
        if (res != null && res.isArray()) {
            res.forEach(r -> resources.add(r.asText()));
        }
        String correlationId = text(detail, "correlation_id");
        return new Envelope(text(root, "version"), id, text(root, "detail-type"), source, text(root, "account"),
                text(root, "time"), text(root, "region"), List.copyOf(resources), detail,
                correlationId == null || correlationId.isBlank() ? id : correlationId,
                text(detail, "causation_id"), text(detail, "schema_version"), text(detail, "tenant"),
                blankAsNull(text(root, "replay-name")));
    }

    private static String blankAsNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Event has no " + field + ": not an EventBridge event");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
