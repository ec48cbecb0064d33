package io.signalbox.notifications;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.signalbox.aws.SqsQueueSender;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Profile local: the notification is a message on an SQS queue (readable with {@code aws sqs receive-message}),
 * sent through the shared batching sender.
 */
public final class QueueTarget implements NotificationTarget {

    private final SqsQueueSender sender;
    private final String queue;

    public QueueTarget(SqsQueueSender sender, String queue) {
        this.sender = sender;
        this.queue = queue;
    }

    @Override
    public CompletableFuture<Void> send(Notification n) {
        return sender.send(queue, n.json(), Map.of("signalbox.event-id", attribute(n.eventId()),
                "signalbox.subject", attribute(n.subject()))).thenAccept(accepted -> {
                    if (!accepted) {
                        throw new IllegalStateException("Queue " + queue + " refused notification " + n.eventId());
                    }
                });
    }

    private static MessageAttributeValue attribute(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v == null || v.isEmpty() ? "-" : v).build();
    }

    @Override
    public String describe() {
        return "queue " + queue;
    }
}
