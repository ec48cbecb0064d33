package io.signalbox.deadletter;

/**
 * No message with the given id among the visible messages of a DLQ: it was never there, was replayed or purged
 * already, or is in flight (being peeked, replayed or purged by another call right now).
 */
public final class DeadLetterMessageNotFoundException extends DeadLetterNotFoundException {

    private final String queue;
    private final String messageId;

    public DeadLetterMessageNotFoundException(String queue, String messageId) {
        super("No message '" + messageId + "' on dead-letter queue " + queue
                + " (not there, already replayed or purged, or in flight)");
        this.queue = queue;
        this.messageId = messageId;
    }

    public String queue() {
        return queue;
    }

    public String messageId() {
        return messageId;
    }
}
