package io.signalbox.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * What the end-to-end benchmarks send: PutEvents requests of seed 001's {@code Order Created} entries (one line,
 * total 59.98) on {@code custom-event-bus}, POSTed over loopback HTTP to Signalbox's EventBridge-compatible API,
 * the way the AWS CLI and SDKs call it.
 */
final class OrderEventsSender {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI endpoint;
    private final String orderIdPrefix;

    /** @param orderIdPrefix the order ids are this prefix and the event's sequence number */
    OrderEventsSender(int httpPort, String orderIdPrefix) {
        this.endpoint = URI.create("http://127.0.0.1:" + httpPort + "/");
        this.orderIdPrefix = orderIdPrefix;
    }

    /**
     * Sends events {@code firstSeq .. firstSeq + size - 1} in one PutEvents request.
     *
     * @param extraDetail more fields for an event's detail, given its sequence number: JSON members, each starting
     *                    with a comma and escaped for the detail's string ("" for none)
     */
    HttpResponse<String> send(int firstSeq, int size, IntFunction<String> extraDetail)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("X-Amz-Target", "AWSEvents.PutEvents")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body(firstSeq, size, extraDetail))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** How many entries a PutEvents answer says were refused; all of them when the call failed whole. */
    static int failedEntryCount(HttpResponse<String> response, int size) {
        if (response.statusCode() != 200) {
            return size;
        }
        String body = response.body();
        String field = "\"FailedEntryCount\":";
        int at = body.indexOf(field);
        if (at < 0) {
            return size;
        }
        int start = at + field.length();
        int end = start;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Integer.parseInt(body.substring(start, end));
    }

    private String body(int firstSeq, int size, IntFunction<String> extraDetail) {
        StringBuilder b = new StringBuilder(300 * size).append("{\"Entries\":[");
        for (int i = 0; i < size; i++) {
            int seq = firstSeq + i;
            if (i > 0) {
                b.append(',');
            }
            // Detail is a JSON string holding the order event (seed 001's shape)
            b.append("{\"EventBusName\":\"custom-event-bus\",\"Source\":\"orders\",\"DetailType\":\"Order Created\",")
                    .append("\"Detail\":\"{\\\"order_id\\\":\\\"").append(orderIdPrefix).append(seq)
                    .append("\\\",\\\"customer_id\\\":\\\"CUST-").append(seq % 997)
                    .append("\\\",\\\"items\\\":[{\\\"item_id\\\":\\\"ITEM-").append(seq % 113)
                    .append("\\\",\\\"quantity\\\":2,\\\"price\\\":29.99}],\\\"total\\\":59.98,")
                    .append("\\\"timestamp\\\":\\\"2024-01-15T10:00:00Z\\\"").append(extraDetail.apply(seq))
                    .append("}\"}");
        }
        return b.append("]}").toString();
    }
}
