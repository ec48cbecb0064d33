package io.signalbox.aws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends one message with attributes to a queue by name, synchronously (queue URLs looked up once): for the
 * rare paths, dead letters and unrouted events, where the caller must know the message is on the queue.
 */
public final class QueuePublisher {

    private final SqsClient sqs;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public QueuePublisher(SqsClient sqs) {
        this.sqs = sqs;
    }

    public void publish(String queue, String body, Map<String, MessageAttributeValue> attributes) {
        String url = urls.computeIfAbsent(queue, q -> sqs.getQueueUrl(b -> b.queueName(q)).queueUrl());
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body == null || body.isEmpty() ? "(empty message)" : body)
                .messageAttributes(attributes));
    }
}
