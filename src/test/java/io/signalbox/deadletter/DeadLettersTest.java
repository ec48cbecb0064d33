package io.signalbox.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parts of {@link DeadLetters} that need no SQS: replay attributes, their display, batching, limits. */
class DeadLettersTest {

    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

    @Test
    void aReplayKeepsEveryAttributeAndSetsReplayedAt() {
        Map<String, MessageAttributeValue> dead = DlqFixture.channelAttributes("order-queue", "corr-1");
        dead.put("custom", MessageAttributeValue.builder().dataType("Number").stringValue("42").build());

        Map<String, MessageAttributeValue> replayed = DeadLetters.replayAttributes(dead, NOW);

        Map<String, String> expected = new LinkedHashMap<>(DlqFixture.strings(dead));
        expected.put(DeadLetterAttributes.REPLAYED_AT, "2026-02-01T12:00:00Z");
        assertEquals(expected, DlqFixture.strings(replayed));
        assertEquals("Number", replayed.get("custom").dataType());
        assertEquals(9, dead.size(), "the dead letter's own map is left alone");
    }

    @Test
    void aSecondReplayReplacesTheFirstReplayedAt() {
        Map<String, MessageAttributeValue> once = DeadLetters.replayAttributes(Map.of(), NOW);
        Map<String, MessageAttributeValue> twice = DeadLetters.replayAttributes(once, NOW.plusSeconds(60));
        assertEquals(Map.of(DeadLetterAttributes.REPLAYED_AT, "2026-02-01T12:01:00Z"), DlqFixture.strings(twice));
    }

    @Test
    void attributesAreShownAsTextAndBinaryOnesInBase64() {
        assertEquals("x", DeadLetters.display(DlqFixture.string("x")));
        assertEquals("3.5", DeadLetters.display(MessageAttributeValue.builder().dataType("Number.float").stringValue("3.5").build()));
        assertEquals("AQID", DeadLetters.display(MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).build()));
    }

    @Test
    void aMessagesSizeCountsBodyAndAttributes() {
        assertEquals(4 + "name".length() + "String".length() + "value".length(),
                DeadLetters.size("body", Map.of("name", DlqFixture.string("value"))));
        assertEquals(2 + 1 + "Binary".length() + 3, DeadLetters.size("é", Map.of("b", MessageAttributeValue.builder()
                .dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[3])).build())));
    }

    @Test
    void sendsGoTenMessagesABatchAndUnder256KiB() {
        assertEquals(List.of(10, 10, 5), sizes(DeadLetters.sendBatches(messages(25, 10), NOW)));
        // 100 KiB each: two fit in 256 KiB, not three; an oversized message goes on its own
        assertEquals(List.of(2, 2, 1), sizes(DeadLetters.sendBatches(messages(5, 100 * 1024), NOW)));
        assertEquals(List.of(1, 1), sizes(DeadLetters.sendBatches(messages(2, 300 * 1024), NOW)));
        assertEquals(List.of(), DeadLetters.sendBatches(List.of(), NOW));
    }

    @Test
    void limitsAreChecked() {
        assertEquals("peek max must be at least 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new DeadLetters.Limits(0, 1, 30)).getMessage());
        assertEquals("wait time must be 0 to 20 seconds, not 21",
                assertThrows(IllegalArgumentException.class, () -> new DeadLetters.Limits(10, 21, 30)).getMessage());
        assertEquals("visibility timeout must be 1 to 43200 seconds, not 0",
                assertThrows(IllegalArgumentException.class, () -> new DeadLetters.Limits(10, 1, 0)).getMessage());
    }

    private static List<Message> messages(int n, int bodyBytes) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            messages.add(Message.builder().messageId("m" + i).body("x".repeat(bodyBytes)).build());
        }
        return messages;
    }

    private static List<Integer> sizes(List<List<Message>> batches) {
        return batches.stream().map(List::size).toList();
    }
}
