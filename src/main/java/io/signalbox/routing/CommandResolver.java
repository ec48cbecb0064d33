package io.signalbox.routing;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.events.Envelope;

/**
 * Finds the command a command event carries. Scheduler envelopes (EventBridge Scheduler and scheduled
 * rules) carry the real command in {@code detail}, possibly as a JSON string and possibly wrapped once more
 * in an event of its own; the command is an explicit field of that payload, else (seed 000) the job named
 * by the rule in {@code resources}: {@code arn:aws:events:<region>:<account>:rule/[<bus>/]<rule-name>}.
 */
public final class CommandResolver {

    /** The command and the payload it runs with (the unwrapped detail). */
    public record Command(String name, JsonNode payload) {
    }

    private final ObjectMapper mapper;
    private final List<String> commandFields;

    public CommandResolver(ObjectMapper mapper, List<String> commandFields) {
        this.mapper = mapper;
        this.commandFields = commandFields;
    }

    /** The command, or null when the event names none. */
    public Command resolve(Envelope event) {
        JsonNode payload = unwrap(event.detail());
        for (String field : commandFields) {
            JsonNode v = payload.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return new Command(v.asText().trim(), payload);
            }
        }
        for (String resource : event.resources()) {
            String rule = ruleName(resource);
            if (rule != null) {
                return new Command(rule, payload);
            }
        }
        return null;
    }

    /** The detail, with a JSON-string detail parsed and an event wrapped inside it taken out. */
    JsonNode unwrap(JsonNode detail) {
        JsonNode current = detail == null ? mapper.createObjectNode() : detail;
        for (int depth = 0; depth < 3; depth++) {
            if (current.isTextual()) {
                try {
                    current = mapper.readTree(current.asText());
                } catch (IOException e) {
                    throw new IllegalArgumentException("Command detail is a string that is not JSON");
                }
                continue;
            }
            JsonNode inner = current.get("detail");
            if (inner != null && (current.has("detail-type") || current.has("source")) && (inner.isObject() || inner.isTextual())) {
                current = inner;
                continue;
            }
            break;
        }
        return current;
    }

    /** The rule name of an EventBridge rule ARN, null for anything else. */
    static String ruleName(String arn) {
        if (arn == null || !arn.startsWith("arn:") || !arn.contains(":rule/")) {
            return null;
        }
        String path = arn.substring(arn.indexOf(":rule/") + ":rule/".length());
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isBlank() ? null : name;
    }
}
