package io.signalbox.admin;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.deadletter.DeadLetters;

/**
 * The JSON documents of the dead-letter operations (snake_case, as the rest of the admin API), the same over
 * HTTP and JMX, and the error document of seed 000: {@code {"statusCode": 404, "body": {"status": "error",
 * "error": "…"}}}.
 */
public final class DeadLetterJson {

    private final ObjectMapper mapper;

    public DeadLetterJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"dead_letter_queues": [{"queue", "source_queues", "approximate_number_of_messages", …}]}} */
    public String queues(List<DeadLetters.QueueStatus> queues) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode array = root.putArray("dead_letter_queues");
        for (DeadLetters.QueueStatus q : queues) {
            ObjectNode node = array.addObject();
            node.put("queue", q.queue());
            strings(node.putArray("source_queues"), q.sourceQueues());
            node.put("approximate_number_of_messages", q.messages());
            node.put("approximate_number_of_messages_not_visible", q.messagesNotVisible());
        }
        return write(root);
    }

    /** {@code {"queue", "source_queues", "count", "messages": [{"message_id", "body", "message_attributes", …}]}} */
    public String peek(DeadLetters.Peek peek) {
        ObjectNode root = mapper.createObjectNode();
        root.put("queue", peek.queue());
        strings(root.putArray("source_queues"), peek.sourceQueues());
        root.put("count", peek.messages().size());
        ArrayNode messages = root.putArray("messages");
        for (DeadLetters.DeadLetter m : peek.messages()) {
            ObjectNode node = messages.addObject();
            node.put("message_id", m.messageId());
            node.put("body", m.body());
            ObjectNode attributes = node.putObject("message_attributes");
            m.attributes().forEach(attributes::put);
            node.put("sent_timestamp", m.sentTimestamp() == null ? null : m.sentTimestamp().toString());
            node.put("approximate_receive_count", m.approximateReceiveCount());
            node.put("source_queue", m.sourceQueue());
            if (m.sourceError() != null) {
                node.put("source_error", m.sourceError());
            }
        }
        return write(root);
    }

    /** {@code {"queue", "replayed": n, "messages": [{"message_id", "source_queue", "new_message_id"}], "failed": […]}} */
    public String replay(DeadLetters.Replay replay) {
        ObjectNode root = mapper.createObjectNode();
        root.put("queue", replay.queue());
        root.put("replayed", replay.count());
        ArrayNode messages = root.putArray("messages");
        for (DeadLetters.Replayed r : replay.replayed()) {
            messages.addObject().put("message_id", r.messageId()).put("source_queue", r.sourceQueue())
                    .put("new_message_id", r.newMessageId());
        }
        ArrayNode failed = root.putArray("failed");
        for (DeadLetters.Failure f : replay.failed()) {
            failed.addObject().put("message_id", f.messageId()).put("error", f.error());
        }
        return write(root);
    }

    /** {@code {"queue", "purged": n}} */
    public String purge(DeadLetters.Purge purge) {
        ObjectNode root = mapper.createObjectNode();
        root.put("queue", purge.queue());
        root.put("purged", purge.purged());
        return write(root);
    }

    /** Seed 000's error response: {@code {"statusCode": status, "body": {"status": "error", "error": message}}}. */
    public String error(int status, String message) {
        ObjectNode root = mapper.createObjectNode();
        root.put("statusCode", status);
        root.putObject("body").put("status", "error").put("error", message);
        return write(root);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
