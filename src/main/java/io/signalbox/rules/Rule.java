package io.signalbox.rules;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.jobs.InvalidScheduleExpressionException;
import io.signalbox.jobs.ScheduleExpression;

/**
 * An EventBridge rule: events on {@code eventBusName} that match {@code eventPattern} go to every target; or,
 * for a scheduled rule, a {@code Scheduled Event} goes to every target at the times of its
 * {@code scheduleExpression} ({@code cron(...)} or {@code rate(...)}, see {@link ScheduleExpression}).
 * A rule has exactly one of the two, and a scheduled rule lives on the default bus, as in EventBridge.
 *
 * @param state ENABLED or DISABLED, as in EventBridge
 */
public record Rule(String name, String eventBusName, String description, String state, JsonNode eventPattern,
        List<Target> targets, String scheduleExpression) {

    public static final String DEFAULT_BUS = "default";

    @JsonCreator
    public Rule {
        Objects.requireNonNull(name, "rule name");
        eventBusName = eventBusName == null || eventBusName.isBlank() ? DEFAULT_BUS : eventBusName;
        state = state == null ? "ENABLED" : state;
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw new IllegalArgumentException("Rule " + name + ": state must be ENABLED or DISABLED, was " + state);
        }
        if (scheduleExpression != null) {
            if (eventPattern != null) {
                throw new IllegalArgumentException("Rule " + name + ": give event-pattern or schedule-expression, "
                        + "not both");
            }
            if (!eventBusName.equals(DEFAULT_BUS)) {
                // EventBridge's own words for it
                throw new IllegalArgumentException("Rule " + name + ": ScheduleExpression is supported only on the "
                        + "default event bus.");
            }
            try {
                scheduleExpression = ScheduleExpression.parse(scheduleExpression).text();
            } catch (InvalidScheduleExpressionException e) {
                throw new IllegalArgumentException("Rule " + name + ": " + e.getMessage(), e);
            }
        } else if (eventPattern == null) {
            throw new IllegalArgumentException("Rule " + name + ": give an event-pattern or a schedule-expression");
        } else if (!eventPattern.isObject()) {
            throw new IllegalArgumentException("Rule " + name + ": event-pattern must be a JSON object");
        }
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** An event-pattern rule. */
    public Rule(String name, String eventBusName, String description, String state, JsonNode eventPattern,
            List<Target> targets) {
        this(name, eventBusName, description, state, eventPattern, targets, null);
    }

    public boolean enabled() {
        return "ENABLED".equals(state);
    }

    /** Whether this rule fires on a schedule (and matches no events). */
    public boolean scheduled() {
        return scheduleExpression != null;
    }

    /** The parsed schedule of a scheduled rule. */
    public ScheduleExpression schedule() {
        if (scheduleExpression == null) {
            throw new IllegalStateException("Rule " + name + " has no schedule-expression");
        }
        return ScheduleExpression.parse(scheduleExpression);
    }

    /**
     * The rule's ARN as EventBridge writes it, {@code arn:aws:events:<region>:<account>:rule/<name>}, with the
     * bus name before the rule name on any bus but the default one.
     */
    public String arn(String region, String account) {
        return "arn:aws:events:" + region + ":" + account + ":rule/"
                + (eventBusName.equals(DEFAULT_BUS) ? "" : eventBusName + "/") + name;
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
