package io.signalbox.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.signalbox.events.Envelope;
import org.junit.jupiter.api.Test;

/** The sender and the webhook target against a JDK HTTP server on loopback. */
class NotificationSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyTargetGetsTheDetailAndAFailingWebhookFailsTheEvent() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<Notification> recorded = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("X-Signalbox-Event-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpClient http = HttpClient.newHttpClient();
            NotificationTarget recorder = new NotificationTarget() {
                @Override
                public CompletableFuture<Void> send(Notification n) {
                    recorded.add(n);
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public String describe() {
                    return "recorder";
                }
            };
            Envelope event = new Envelope("0", "ev-1", "Notification Sent", "notifications", "0", null, "us-east-1",
                    List.of(), JSON.readTree("{\"subject\":\"Order ORD-1 created\",\"order_id\":\"ORD-1\"}"), "ev-1", null,
                    null, null);

            new NotificationSender(List.of(recorder,
                    new WebhookTarget(http, URI.create(base + "/hook"), Duration.ofSeconds(5)))).send(event).get();
            assertEquals(List.of("{\"subject\":\"Order ORD-1 created\",\"order_id\":\"ORD-1\"} ev-1"), bodies);
            assertEquals("Order ORD-1 created", recorded.get(0).subject());

            ExecutionException e = assertThrows(ExecutionException.class, () -> new NotificationSender(List.of(
                    new WebhookTarget(http, URI.create(base + "/broken"), Duration.ofSeconds(5)))).send(event).get());
            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("Webhook " + base + "/broken answered HTTP 500", e.getCause().getMessage());
        } finally {
            server.stop(0);
        }
    }
}
