package io.signalbox.notifications;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Optional: the notification JSON is POSTed to a webhook (JDK HttpClient, async); a non-2xx answer fails it. */
public final class WebhookTarget implements NotificationTarget {

    private final HttpClient http;
    private final URI url;
    private final Duration timeout;

    public WebhookTarget(HttpClient http, URI url, Duration timeout) {
        this.http = http;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Void> send(Notification n) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Signalbox-Event-Id", n.eventId())
                .POST(HttpRequest.BodyPublishers.ofString(n.json())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("Webhook " + url + " answered HTTP " + r.statusCode());
            }
            return null;
        });
    }

    @Override
    public String describe() {
        return "webhook " + url;
    }
}
