package io.signalbox.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.signalbox.aws.QueueUrls;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.sqs.Sqs2Constants;
import org.apache.camel.component.aws2.sqs.Sqs2Endpoint;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes the messages an ingest route has finished with, ten to a {@code DeleteMessageBatch} request, instead
 * of the aws2-sqs consumer's one {@code DeleteMessage} call per message (its {@code deleteAfterRead}, which the
 * route turns off). A message is queued for deletion only when its exchange completed successfully; the queue
 * is flushed when the consumer commits a poll, so a message is deleted right after the poll that received it
 * has been processed — and always well within its visibility timeout. A delete that fails leaves the message
 * on the queue: it is received again after its visibility timeout (at least once, as before).
 *
 * <p>Used as the consumer's {@code pollStrategy}; {@link #onCompletion()} is added to every exchange.
 */
final class BatchDeleter extends DefaultPollingConsumerPollStrategy {

    /** SQS's limit on entries in one DeleteMessageBatch request. */
    static final int MAX_BATCH = 10;

    private static final Logger LOG = LoggerFactory.getLogger(BatchDeleter.class);

    private final String queue;
    private final QueueUrls urls;
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    private final Synchronization onCompletion = new Synchronization() {
        @Override
        public void onComplete(Exchange exchange) {
            String receiptHandle = exchange.getMessage().getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class);
            if (receiptHandle == null) {
                receiptHandle = exchange.getIn().getHeader(Sqs2Constants.RECEIPT_HANDLE, String.class);
            }
            if (receiptHandle != null) {
                pending.add(receiptHandle);
            }
        }

        @Override
        public void onFailure(Exchange exchange) {
            // not deleted: received again after its visibility timeout, then redriven to the DLQ
        }

        @Override
        public String toString() {
            return "BatchDeleter[" + queue + "]";
        }
    };

    BatchDeleter(String queue, QueueUrls urls) {
        this.queue = queue;
        this.urls = urls;
    }

    /** Add to an exchange: queues its message for deletion when the exchange succeeds. */
    Synchronization onCompletion() {
        return onCompletion;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        if (endpoint instanceof Sqs2Endpoint sqs) {
            flush(sqs);
        }
    }

    /** Deletes every queued message, ten to a request. */
    void flush(Sqs2Endpoint endpoint) {
        List<DeleteMessageBatchRequestEntry> batch = new ArrayList<>(MAX_BATCH);
        String handle;
        while ((handle = pending.poll()) != null) {
            batch.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(batch.size()))
                    .receiptHandle(handle).build());
            if (batch.size() == MAX_BATCH) {
                delete(endpoint, batch);
                batch = new ArrayList<>(MAX_BATCH);
            }
        }
        if (!batch.isEmpty()) {
            delete(endpoint, batch);
        }
    }

    private void delete(Sqs2Endpoint endpoint, List<DeleteMessageBatchRequestEntry> batch) {
        try {
            String target = urls.url(queue).join();
            DeleteMessageBatchResponse response = endpoint.getClient()
                    .deleteMessageBatch(b -> b.queueUrl(target).entries(batch));
            for (BatchResultErrorEntry failed : response.failed()) {
                LOG.warn("Could not delete a message from {} ({}: {}); it will be received again", queue,
                        failed.code(), failed.message());
            }
        } catch (SdkException | CompletionException e) {
            LOG.warn("Could not delete {} messages from {} ({}); they will be received again", batch.size(), queue,
                    e.getMessage());
        }
    }
}
