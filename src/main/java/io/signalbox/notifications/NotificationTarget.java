package io.signalbox.notifications;

import java.util.concurrent.CompletableFuture;

/** Somewhere a notification goes: the local queue, an SNS topic, a webhook. */
public interface NotificationTarget {

    /** Delivers the notification; completes when the target acknowledged it. */
    CompletableFuture<Void> send(Notification notification);

    /** For logs and errors: what and where. */
    String describe();
}
