package io.signalbox.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replay operation as the admin API and JMX offer it, independent of HTTP: a request in, an HTTP status and
 * a JSON body out. Success answers {@code {"replay_name", "events_replayed", "from", "to", "bus"}}; an error
 * answers seed 000's shape, {@code {"statusCode": 400, "body": {"status": "error", "error": "…"}}}, with that
 * status: 400 for bad input (missing or unknown bus, bad timestamps, from after to), 500 when DynamoDB or a
 * queue failed.
 */
public final class ArchiveApi {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveApi.class);

    /** An HTTP status and a JSON body. */
    public record Response(int status, String body) {
    }

    private final ArchiveReplayer replayer;
    private final ObjectMapper mapper;
    private final Clock clock;

    public ArchiveApi(ArchiveReplayer replayer, ObjectMapper mapper, Clock clock) {
        this.replayer = replayer;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** {@code POST /admin/archive/replay} with {@code {"bus", "from", "to"}} and optionally {@code "name"}. */
    public CompletableFuture<Response> replay(byte[] body) {
        try {
            return run(ReplayRequest.parse(mapper, body, clock.instant()));
        } catch (ArchiveException e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    /** The same with parameters one by one (JMX); a null or blank name is generated. */
    public CompletableFuture<Response> replay(String bus, String from, String to, String name) {
        try {
            return run(ReplayRequest.of(bus, from, to, name, clock.instant()));
        } catch (ArchiveException e) {
            return CompletableFuture.completedFuture(error(e));
        }
    }

    /** A 400 answer in the error shape, for input refused before it reaches {@link #replay}. */
    public Response badRequest(String message) {
        return error(ArchiveException.badRequest(message));
    }

    private CompletableFuture<Response> run(ReplayRequest request) {
        CompletableFuture<ArchiveReplayer.Result> replay;
        try {
            replay = replayer.replay(request);
        } catch (RuntimeException e) {
            replay = CompletableFuture.failedFuture(e);
        }
        return replay.handle((result, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof ArchiveException e) {
                    return error(e);
                }
                LOG.warn("Replay {} failed", request.name(), cause);
                return error(new ArchiveException(500, "Replay " + request.name() + " failed: " + cause.getMessage()));
            }
            if (result.failed() > 0) {
                return error(new ArchiveException(500, "Replay " + request.name() + " of bus " + request.bus() + " put "
                        + result.replayed() + " of " + (result.replayed() + result.failed()) + " events back; "
                        + result.failed() + " failed, the first because: " + result.firstFailure() + ". Running the replay "
                        + "again puts every event of the window back, those already delivered included."));
            }
            ObjectNode json = mapper.createObjectNode();
            json.put("replay_name", request.name());
            json.put("events_replayed", result.replayed());
            json.put("from", request.from().toString());
            json.put("to", request.to().toString());
            json.put("bus", request.bus());
            return new Response(200, write(json));
        });
    }

    private Response error(ArchiveException e) {
        ObjectNode json = mapper.createObjectNode();
        json.put("statusCode", e.status());
        ObjectNode body = json.putObject("body");
        body.put("status", "error");
        body.put("error", e.getMessage());
        return new Response(e.status(), write(json));
    }

    private String write(ObjectNode json) {
        try {
            return mapper.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
