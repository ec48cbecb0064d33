package io.signalbox.notifications;

import java.util.concurrent.CompletableFuture;

import software.amazon.awssdk.services.sns.SnsAsyncClient;

/** Profile aws: the notification is published to an SNS topic (seed 001's {@code event-notifications}). */
public final class SnsTarget implements NotificationTarget {

    private final SnsAsyncClient sns;
    private final String topicArn;

    public SnsTarget(SnsAsyncClient sns, String topicArn) {
        if (topicArn == null || topicArn.isBlank()) {
            throw new IllegalStateException("signalbox.notifications.sns-topic-arn must be set for target sns");
        }
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public CompletableFuture<Void> send(Notification n) {
        // SNS subjects are at most 100 characters
        String subject = n.subject() == null ? null : n.subject().length() > 100 ? n.subject().substring(0, 100) : n.subject();
        return sns.publish(b -> b.topicArn(topicArn).message(n.json()).subject(subject)).thenApply(r -> null);
    }

    @Override
    public String describe() {
        return "SNS topic " + topicArn;
    }
}
