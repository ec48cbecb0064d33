package io.signalbox.rules;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An EventBridge rule: events on {@code eventBusName} that match {@code eventPattern} go to every target.
 *
 * @param state ENABLED or DISABLED, as in EventBridge
 */
public record Rule(String name, String eventBusName, String description, String state, JsonNode eventPattern,
        List<Target> targets) {

    public static final String DEFAULT_BUS = "default";

    public Rule {
        Objects.requireNonNull(name, "rule name");
        eventBusName = eventBusName == null || eventBusName.isBlank() ? DEFAULT_BUS : eventBusName;
        state = state == null ? "ENABLED" : state;
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw new IllegalArgumentException("Rule " + name + ": state must be ENABLED or DISABLED, was " + state);
        }
        if (eventPattern == null || !eventPattern.isObject()) {
            throw new IllegalArgumentException("Rule " + name + ": event-pattern must be a JSON object");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    public boolean enabled() {
        return "ENABLED".equals(state);
    }

    /**
     * Where a matching event goes. {@code arn} is an SQS queue ARN; {@code queue} is shorthand for a queue
     * name in the running profile's account and region.
     */
    public record Target(String id, String arn, String queue) {
        public Target {
            if ((arn == null) == (queue == null)) {
                throw new IllegalArgumentException("Target " + id + ": give exactly one of arn or queue");
            }
            if (arn != null && !arn.startsWith("arn:aws:sqs:")) {
                throw new IllegalArgumentException("Target " + id + ": only SQS queue targets are supported, got " + arn);
            }
            id = id == null ? (queue != null ? queue : arn.substring(arn.lastIndexOf(':') + 1)) : id;
        }

        /** The target queue's name. */
        public String queueName() {
            return queue != null ? queue : arn.substring(arn.lastIndexOf(':') + 1);
        }
    }
}
