package io.signalbox.notifications;

/**
 * A notification to deliver: the {@code Notification Sent} event's detail as JSON (the message every target
 * gets), its subject (SNS) and the id of the event it came from.
 */
public record Notification(String eventId, String subject, String json) {
}
