package io.signalbox.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.signalbox.testing.SignalboxInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Dead letters for tests, put straight onto a DLQ with the test's own SQS client, as the dead-letter channel
 * (with its {@link DeadLetterAttributes}) or SQS redrive (without) would leave them; and the queues read back.
 */
public final class DlqFixture {

    private final SignalboxInstance signalbox;

    public DlqFixture(SignalboxInstance signalbox) {
        this.signalbox = signalbox;
    }

    /** The attributes the dead-letter channel sets on a message that failed on {@code sourceQueue}. */
    public static Map<String, MessageAttributeValue> channelAttributes(String sourceQueue, String correlationId) {
        Map<String, MessageAttributeValue> a = new LinkedHashMap<>();
        a.put(DeadLetterAttributes.SOURCE_QUEUE, string(sourceQueue));
        a.put(DeadLetterAttributes.ERROR_CLASS, string("java.lang.IllegalStateException"));
        a.put(DeadLetterAttributes.ERROR_MESSAGE, string("handler failed: no stock for ITEM-001"));
        a.put(DeadLetterAttributes.ERROR_ROUTE, string("orders-handle"));
        a.put(DeadLetterAttributes.ATTEMPTS, string("3"));
        a.put(DeadLetterAttributes.FIRST_FAILURE, string("2026-01-15T10:00:00Z"));
        a.put(DeadLetterAttributes.LAST_FAILURE, string("2026-01-15T10:00:07Z"));
        a.put(DeadLetterAttributes.CORRELATION_ID, string(correlationId));
        return a;
    }

    public static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    /** Puts a message on {@code queue}; answers its message id. */
    public String put(String queue, String body, Map<String, MessageAttributeValue> attributes) {
        String url = signalbox.queueUrl(queue);
        return signalbox.sqs().sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(attributes))
                .messageId();
    }

    /** Puts {@code n} dead letters from {@code sourceQueue} on {@code dlq}; answers their ids in order. */
    public List<String> putMany(String dlq, String sourceQueue, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(put(dlq, "{\"n\":" + i + "}", channelAttributes(sourceQueue, "corr-" + i)));
        }
        return ids;
    }

    /**
     * Empties queues of their visible messages by receiving and deleting them. Not PurgeQueue: ElasticMQ 1.7.1
     * does not remove purged messages from its H2 store, and that store is one per JVM (the first ElasticMQ's),
     * so purged messages would come back in the queues of the next Signalbox a test starts.
     */
    public void empty(String... queues) {
        for (String queue : queues) {
            takeAll(queue);
        }
    }

    /** ApproximateNumberOfMessages (visible). */
    public int visible(String queue) {
        return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /** ApproximateNumberOfMessagesNotVisible (in flight). */
    public int inFlight(String queue) {
        return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    private int attribute(String queue, QueueAttributeName name) {
        String url = signalbox.queueUrl(queue);
        return Integer.parseInt(signalbox.sqs().getQueueAttributes(b -> b.queueUrl(url).attributeNames(name))
                .attributes().get(name));
    }

    /** Every message on {@code queue} with its attributes, removed from it. */
    public List<Message> takeAll(String queue) {
        String url = signalbox.queueUrl(queue);
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message m : batch) {
                all.add(m);
                signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** The message attributes of {@code m} as name to string value. */
    public static Map<String, String> strings(Map<String, MessageAttributeValue> attributes) {
        Map<String, String> result = new LinkedHashMap<>();
        attributes.forEach((k, v) -> result.put(k, v.stringValue()));
        return result;
    }

    /** A valid EventBridge event as seed 001's rule delivers it to order-queue. */
    public static String orderCreatedEvent(String id, String orderId) {
        return "{\"version\":\"0\",\"id\":\"" + id + "\",\"detail-type\":\"Order Created\",\"source\":\"orders\","
                + "\"account\":\"000000000000\",\"time\":\"" + Instant.now() + "\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{\"order_id\":\"" + orderId + "\",\"customer_id\":\"CUST-1\","
                + "\"items\":[{\"item_id\":\"ITEM-1\",\"quantity\":1,\"price\":1}],\"total\":1}}";
    }
}
