package io.signalbox.testing;

import java.util.List;
import java.util.Map;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

/** What seed 001's tests do against a {@link SignalboxInstance}: put events on custom-event-bus, read tables and queues. */
public final class Seed001Client {

    private final SignalboxInstance signalbox;

    public Seed001Client(SignalboxInstance signalbox) {
        this.signalbox = signalbox;
    }

    public PutEventsRequestEntry entry(String source, String detailType, String detailJson) {
        return PutEventsRequestEntry.builder().eventBusName("custom-event-bus").source(source).detailType(detailType)
                .detail(detailJson).build();
    }

    /** PutEvents of up to 10 entries; fails the test when an entry is refused. */
    public List<String> put(List<PutEventsRequestEntry> entries) {
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(entries));
        if (response.failedEntryCount() != 0) {
            throw new AssertionError("PutEvents refused entries: " + response.entries());
        }
        return response.entries().stream().map(e -> e.eventId()).toList();
    }

    public String put(String source, String detailType, String detailJson) {
        return put(List.of(entry(source, detailType, detailJson))).get(0);
    }

    public Map<String, AttributeValue> item(String table, String key, String value) {
        Map<String, AttributeValue> item = signalbox.dynamoDb().getItem(b -> b.tableName(table)
                .key(Map.of(key, AttributeValue.builder().s(value).build())).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** Receives (and deletes) what is on the queue now. */
    public List<Message> drain(String queue) {
        return signalbox.drain(queue);
    }

    /** The {@code signalbox.error.message} attribute of a dead-lettered message. */
    public static String errorMessage(Message m) {
        var a = m.messageAttributes().get("signalbox.error.message");
        return a == null ? null : a.stringValue();
    }
}
