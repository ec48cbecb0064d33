package io.signalbox.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The admin answers for job triggers, in seed 000's response shape ({@code statusCode}, {@code body.status},
 * {@code body.error}); a success also carries {@code event_id} at the top, as DESIGN.md's admin API
 * promises: {@code {"event_id": "…", "statusCode": 200, "body": {"status": "success", "event_id": "…",
 * "job": "…"}}}.
 */
public final class JobResponses {

    private final ObjectMapper mapper;

    public JobResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String success(String eventId, String job) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("event_id", eventId);
        answer.put("statusCode", 200);
        ObjectNode body = answer.putObject("body");
        body.put("status", "success");
        body.put("event_id", eventId);
        body.put("job", job);
        return answer.toString();
    }

    public String error(int statusCode, String message) {
        ObjectNode answer = mapper.createObjectNode();
        answer.put("statusCode", statusCode);
        ObjectNode body = answer.putObject("body");
        body.put("status", "error");
        body.put("error", message);
        return answer.toString();
    }
}
