package io.signalbox.deadletter;

import java.util.List;

/** A queue name that is neither a declared DLQ nor a declared queue with a DLQ; the message lists the DLQs. */
public final class UnknownDeadLetterQueueException extends DeadLetterNotFoundException {

    private final String queue;
    private final List<String> known;

    public UnknownDeadLetterQueueException(String queue, List<String> known) {
        super("Unknown dead-letter queue '" + queue + "'; the dead-letter queues are "
                + (known.isEmpty() ? "none" : String.join(", ", known))
                + " (a source queue's name means its DLQ)");
        this.queue = queue;
        this.known = List.copyOf(known);
    }

    /** A DLQ that is declared but missing in SQS (not provisioned). */
    UnknownDeadLetterQueueException(String queue, String message) {
        super(message);
        this.queue = queue;
        this.known = List.of();
    }

    public String queue() {
        return queue;
    }

    /** The declared DLQs. */
    public List<String> known() {
        return known;
    }
}
