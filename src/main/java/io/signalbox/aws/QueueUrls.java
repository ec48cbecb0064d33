package io.signalbox.aws;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * Queue name to URL, asked of SQS once per queue and then remembered; one bean ({@code queueUrls}) for the
 * sender, the publisher, the ingest deletes and the readiness check.
 */
public final class QueueUrls {

    private final SqsAsyncClient sqs;
    private final Map<String, CompletableFuture<String>> urls = new ConcurrentHashMap<>();

    public QueueUrls(SqsAsyncClient sqs) {
        this.sqs = sqs;
    }

    public CompletableFuture<String> url(String queue) {
        CompletableFuture<String> url = urls.computeIfAbsent(queue,
                q -> sqs.getQueueUrl(b -> b.queueName(q)).thenApply(r -> r.queueUrl()));
        if (url.isCompletedExceptionally()) {
            // a queue that did not exist may exist now: ask again next time
            urls.remove(queue, url);
        }
        return url;
    }
}
