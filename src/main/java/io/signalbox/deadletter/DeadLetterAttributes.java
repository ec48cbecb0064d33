package io.signalbox.deadletter;

import java.util.List;

/**
 * The SQS message attributes a dead-lettered message carries (all of data type String), set by the
 * dead-letter channel when it moves a message that failed for good to the DLQ of the queue it came from.
 * A message that SQS redrive moved (maxReceiveCount reached, e.g. after a crash) has none of them.
 * Replay keeps them for audit and adds {@link #REPLAYED_AT}.
 */
public final class DeadLetterAttributes {

    /** The queue the message was taken from, where a replay sends it back. */
    public static final String SOURCE_QUEUE = "signalbox.source-queue";
    /** Class of the exception of the last failed attempt. */
    public static final String ERROR_CLASS = "signalbox.error.class";
    /** Its message (validation errors, the reason a handler gave). */
    public static final String ERROR_MESSAGE = "signalbox.error.message";
    /** Id of the route where the last attempt failed. */
    public static final String ERROR_ROUTE = "signalbox.error.route";
    /** How many times processing was attempted (1 + redeliveries). */
    public static final String ATTEMPTS = "signalbox.error.attempts";
    /** ISO-8601 instant of the first failure. */
    public static final String FIRST_FAILURE = "signalbox.error.first-failure";
    /** ISO-8601 instant of the last failure. */
    public static final String LAST_FAILURE = "signalbox.error.last-failure";
    /** The event's correlation id, when the body was an event. */
    public static final String CORRELATION_ID = "signalbox.correlation-id";
    /** ISO-8601 instant of the last replay back to the source queue (set by replay). */
    public static final String REPLAYED_AT = "signalbox.replayed-at";

    /** Every attribute above: SQS allows 10 per message. */
    public static final List<String> ALL = List.of(SOURCE_QUEUE, ERROR_CLASS, ERROR_MESSAGE, ERROR_ROUTE, ATTEMPTS,
            FIRST_FAILURE, LAST_FAILURE, CORRELATION_ID, REPLAYED_AT);

    private DeadLetterAttributes() {
    }
}
