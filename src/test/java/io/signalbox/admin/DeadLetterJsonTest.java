package io.signalbox.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetters;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON documents of the dead-letter operations, field by field. */
class DeadLetterJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DeadLetterJson JSON = new DeadLetterJson(MAPPER);

    private static void assertJson(String expected, String actual) throws Exception {
        assertEquals(MAPPER.readTree(expected), MAPPER.readTree(actual), actual);
    }

    @Test
    void theErrorIsSeed000sShape() throws Exception {
        assertJson("{\"statusCode\":404,\"body\":{\"status\":\"error\",\"error\":\"Unknown \\\"x\\\"\"}}",
                JSON.error(404, "Unknown \"x\""));
    }

    @Test
    void queues() throws Exception {
        assertJson("{\"dead_letter_queues\":[{\"queue\":\"order-dlq\",\"source_queues\":[\"order-queue\"],"
                + "\"approximate_number_of_messages\":3,\"approximate_number_of_messages_not_visible\":1}]}",
                JSON.queues(List.of(new DeadLetters.QueueStatus("order-dlq", List.of("order-queue"), 3, 1))));
    }

    @Test
    void peek() throws Exception {
        DeadLetters.Peek peek = new DeadLetters.Peek("order-dlq", List.of("order-queue"), List.of(
                new DeadLetters.DeadLetter("m-1", "{\"a\":1}", Map.of("signalbox.error.attempts", "3"),
                        Instant.parse("2026-01-15T10:00:00Z"), 2, "order-queue", null),
                new DeadLetters.DeadLetter("m-2", "x", Map.of(), null, 1, null, "no queue")));
        assertJson("{\"queue\":\"order-dlq\",\"source_queues\":[\"order-queue\"],\"count\":2,\"messages\":["
                + "{\"message_id\":\"m-1\",\"body\":\"{\\\"a\\\":1}\",\"message_attributes\":{\"signalbox.error.attempts\":\"3\"},"
                + "\"sent_timestamp\":\"2026-01-15T10:00:00Z\",\"approximate_receive_count\":2,\"source_queue\":\"order-queue\"},"
                + "{\"message_id\":\"m-2\",\"body\":\"x\",\"message_attributes\":{},\"sent_timestamp\":null,"
                + "\"approximate_receive_count\":1,\"source_queue\":null,\"source_error\":\"no queue\"}]}", JSON.peek(peek));
    }

    @Test
    void replayAndPurge() throws Exception {
        assertJson("{\"queue\":\"order-dlq\",\"replayed\":1,\"messages\":[{\"message_id\":\"m-1\","
                + "\"source_queue\":\"order-queue\",\"new_message_id\":\"n-1\"}],\"failed\":[{\"message_id\":\"m-2\","
                + "\"error\":\"boom\"}]}", JSON.replay(new DeadLetters.Replay("order-dlq",
                        List.of(new DeadLetters.Replayed("m-1", "order-queue", "n-1")),
                        List.of(new DeadLetters.Failure("m-2", "boom")))));
        assertJson("{\"queue\":\"order-dlq\",\"purged\":4}", JSON.purge(new DeadLetters.Purge("order-dlq", 4)));
    }
}
