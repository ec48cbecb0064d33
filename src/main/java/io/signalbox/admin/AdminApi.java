package io.signalbox.admin;

import java.util.function.Supplier;

import io.signalbox.deadletter.DeadLetterNotFoundException;
import io.signalbox.deadletter.DeadLetters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The admin API's dead-letter requests, independent of HTTP plumbing: parameters as they come in (strings,
 * possibly absent), an HTTP status and a JSON body out. A specific error where the input is wrong: 404 for an
 * unknown queue or message id, 400 for a bad parameter, 502 when SQS fails, in seed 000's error shape.
 */
public final class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

    /** An HTTP status and a JSON body. */
    public record Response(int status, String body) {
    }

    private final DeadLetters deadLetters;
    private final DeadLetterJson json;
    private final int peekDefault;

    /** @param peekDefault messages a peek returns when the request gives no {@code max} */
    public AdminApi(DeadLetters deadLetters, DeadLetterJson json, int peekDefault) {
        if (peekDefault < 1) {
            throw new IllegalArgumentException("default peek size must be at least 1, not " + peekDefault);
        }
        this.deadLetters = deadLetters;
        this.json = json;
        this.peekDefault = peekDefault;
    }

    /** {@code GET /admin/dlq} */
    public Response listDeadLetterQueues() {
        return answer(() -> json.queues(deadLetters.list()));
    }

    /** {@code GET /admin/dlq/{queue}/messages?max=} (max absent: the default; above the cap: the cap). */
    public Response peek(String queue, String max) {
        return answer(() -> json.peek(deadLetters.peek(queue, max(max))));
    }

    /** {@code POST /admin/dlq/{queue}/replay}: every message, or with {@code ?message_id=} that one. */
    public Response replay(String queue, String messageId) {
        // an empty message_id is an error, never "all"
        return answer(() -> json.replay(messageId == null ? deadLetters.replayAll(queue)
                : deadLetters.replay(queue, messageId)));
    }

    /** {@code DELETE /admin/dlq/{queue}/messages} */
    public Response purge(String queue) {
        return answer(() -> json.purge(deadLetters.purge(queue)));
    }

    private int max(String max) {
        if (max == null) {
            return peekDefault;
        }
        try {
            return Integer.parseInt(max.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max must be a whole number from 1 to " + deadLetters.limits().peekMax()
                    + ", not '" + max + "'");
        }
    }

    private Response answer(Supplier<String> call) {
        return answer(json, "SQS", call);
    }

    /**
     * Runs an admin request: 200 with its JSON, else the error shape with the status that fits: 404 for what does
     * not exist, 400 for a bad parameter, 502 when {@code service} (an AWS API) fails, 500 otherwise.
     */
    static Response answer(DeadLetterJson json, String service, Supplier<String> call) {
        try {
            return new Response(200, call.get());
        } catch (DeadLetterNotFoundException | TableBrowser.NotFound e) {
            return new Response(404, json.error(404, e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new Response(400, json.error(400, e.getMessage()));
        } catch (SdkException e) {
            LOG.warn("Admin request failed in {}: {}", service, e.getMessage());
            return new Response(502, json.error(502, service + " failed: " + e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("Admin request failed: {}", e.toString(), e);
            return new Response(500, json.error(500, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }
}
