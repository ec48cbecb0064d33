package io.signalbox.notifications;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.Futures;
import io.signalbox.events.InvalidEventException;

/**
 * Seed 001's notification processor, called by the YAML handler route {@code handler-notification-sent} (bean
 * {@code notificationSender}): delivers the {@code Notification Sent} detail to every configured target (the
 * local queue or SNS, chosen by {@code signalbox.notifications.target}, plus the optional webhook) at once.
 * A failing target fails the event, which the dead-letter channel retries: a retry may deliver again to a
 * target that had succeeded (at least once, as SNS itself).
 */
public final class NotificationSender {

    private final List<NotificationTarget> targets;

    public NotificationSender(List<NotificationTarget> targets) {
        if (targets.isEmpty()) {
            throw new IllegalStateException("No notification target: set signalbox.notifications.target");
        }
        this.targets = List.copyOf(targets);
    }

    public List<NotificationTarget> targets() {
        return targets;
    }

    public CompletableFuture<Void> send(Envelope event) {
        JsonNode detail = event.detail();
        if (detail == null || !detail.isObject()) {
            return CompletableFuture.failedFuture(new InvalidEventException("Notification Sent detail is not a JSON object"));
        }
        JsonNode subject = detail.get("subject");
        Notification n = new Notification(event.id(),
                subject != null && subject.isTextual() ? subject.asText() : "Notification " + event.id(), detail.toString());
        CompletableFuture<?>[] sends = new CompletableFuture<?>[targets.size()];
        for (int i = 0; i < sends.length; i++) {
            sends[i] = targets.get(i).send(n);
        }
        return Futures.unwrapped(CompletableFuture.allOf(sends));
    }
}
