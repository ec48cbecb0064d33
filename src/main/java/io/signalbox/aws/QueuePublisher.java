package io.signalbox.aws;

import java.util.Map;
import java.util.concurrent.CompletionException;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends one message with attributes to a queue by name, synchronously (URLs from the shared {@link QueueUrls}):
 * for the rare paths, dead letters and unrouted events, where the caller must know the message is on the queue.
 * One bean, {@code queuePublisher}.
 */
public final class QueuePublisher {

    private final SqsClient sqs;
    private final QueueUrls urls;

    public QueuePublisher(SqsClient sqs, QueueUrls urls) {
        this.sqs = sqs;
        this.urls = urls;
    }

    public void publish(String queue, String body, Map<String, MessageAttributeValue> attributes) {
        String url;
        try {
            url = urls.url(queue).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        sqs.sendMessage(b -> b.queueUrl(url).messageBody(body == null || body.isEmpty() ? "(empty message)" : body)
                .messageAttributes(attributes));
    }
}
