package io.signalbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.signalbox.bus.QueueSender;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Delivers to SQS with SendMessageBatch on the async client: at most 10 messages and 1 MiB a batch, the
 * batches of one call in flight together.
 */
public final class SqsQueueSender implements QueueSender {

    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 1024 * 1024;

    private final SqsAsyncClient sqs;
    private final QueueUrls urls;

    public SqsQueueSender(SqsAsyncClient sqs, QueueUrls urls) {
        this.sqs = sqs;
        this.urls = urls;
    }

    @Override
    public CompletableFuture<Set<Integer>> send(String queue, List<String> bodies) {
        return urls.url(queue).thenCompose(url -> {
            List<CompletableFuture<Set<Integer>>> batches = new ArrayList<>();
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>(MAX_BATCH_ENTRIES);
            int batchBytes = 0;
            int batchStart = 0;
            for (int i = 0; i < bodies.size(); i++) {
                int bytes = bodies.get(i).getBytes(StandardCharsets.UTF_8).length;
                if (!batch.isEmpty() && (batch.size() == MAX_BATCH_ENTRIES || batchBytes + bytes > MAX_BATCH_BYTES)) {
                    batches.add(sendBatch(url, batch, batchStart));
                    batch = new ArrayList<>(MAX_BATCH_ENTRIES);
                    batchBytes = 0;
                    batchStart = i;
                }
                batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i - batchStart))
                        .messageBody(bodies.get(i)).build());
                batchBytes += bytes;
            }
            batches.add(sendBatch(url, batch, batchStart));
            return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                Set<Integer> failed = new HashSet<>();
                batches.forEach(b -> failed.addAll(b.join()));
                return failed;
            });
        });
    }

    private CompletableFuture<Set<Integer>> sendBatch(String url, List<SendMessageBatchRequestEntry> entries, int offset) {
        return sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).thenApply(response -> {
            if (response.failed().isEmpty()) {
                return Set.of();
            }
            Set<Integer> failed = new HashSet<>();
            for (BatchResultErrorEntry error : response.failed()) {
                failed.add(offset + Integer.parseInt(error.id()));
            }
            return failed;
        });
    }
}
