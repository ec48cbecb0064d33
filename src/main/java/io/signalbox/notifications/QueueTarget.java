package io.signalbox.notifications;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.signalbox.aws.QueueUrls;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** Profile local: the notification is a message on an SQS queue (readable with {@code aws sqs receive-message}). */
public final class QueueTarget implements NotificationTarget {

    private final SqsAsyncClient sqs;
    private final QueueUrls urls;
    private final String queue;

    public QueueTarget(SqsAsyncClient sqs, QueueUrls urls, String queue) {
        this.sqs = sqs;
        this.urls = urls;
        this.queue = queue;
    }

    @Override
    public CompletableFuture<Void> send(Notification n) {
        return urls.url(queue).thenCompose(url -> sqs.sendMessage(b -> b.queueUrl(url).messageBody(n.json())
                .messageAttributes(Map.of("signalbox.event-id", attribute(n.eventId()),
                        "signalbox.subject", attribute(n.subject())))))
                .thenApply(r -> null);
    }

    private static MessageAttributeValue attribute(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v == null || v.isEmpty() ? "-" : v).build();
    }

    @Override
    public String describe() {
        return "queue " + queue;
    }
}
