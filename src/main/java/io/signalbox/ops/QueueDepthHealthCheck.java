package io.signalbox.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.signalbox.aws.QueueUrls;
import io.signalbox.config.ResourceDeclarations;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Readiness: every declared queue answers, with its depth and its dead-letter queue's depth in the
 * details (as seed 004's health check reports queue depth). A full DLQ does not make Signalbox unready;
 * an unreachable queue does. All depths are asked for at once (queue URLs are remembered), so a health
 * call costs one round trip, not one per queue.
 */
public final class QueueDepthHealthCheck extends AbstractHealthCheck {

    private static final long TIMEOUT_SECONDS = 10;

    private final SqsAsyncClient sqs;
    private final QueueUrls urls;
    private final List<ResourceDeclarations.Queue> queues;

    public QueueDepthHealthCheck(SqsAsyncClient sqs, QueueUrls urls, List<ResourceDeclarations.Queue> queues) {
        super("signalbox", "queues");
        this.sqs = sqs;
        this.urls = urls;
        this.queues = queues;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, CompletableFuture<Long>> depths = new LinkedHashMap<>();
        for (ResourceDeclarations.Queue queue : queues) {
            depths.put(queue.name(), depth(queue.name()));
            if (queue.deadLetterQueue() != null) {
                depths.putIfAbsent(queue.deadLetterQueue(), depth(queue.deadLetterQueue()));
            }
        }
        List<String> summary = new ArrayList<>();
        for (ResourceDeclarations.Queue queue : queues) {
            try {
                long depth = await(depths.get(queue.name()));
                builder.detail(queue.name() + ".depth", depth);
                String line = queue.name() + ' ' + depth;
                if (queue.deadLetterQueue() != null) {
                    long dlqDepth = await(depths.get(queue.deadLetterQueue()));
                    builder.detail(queue.name() + ".dlq", queue.deadLetterQueue());
                    builder.detail(queue.name() + ".dlq.depth", dlqDepth);
                    line += " (" + queue.deadLetterQueue() + ' ' + dlqDepth + ')';
                }
                summary.add(line);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                builder.down().message("Queue " + queue.name() + " is unreachable: "
                        + (cause instanceof TimeoutException ? "no answer in " + TIMEOUT_SECONDS + " s" : cause.getMessage()))
                        .error(cause);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                builder.down().message("Interrupted while asking for the depth of queue " + queue.name());
                return;
            }
        }
        // the message shows in every health answer; the details with ?data=true
        builder.up().message("messages waiting: " + String.join(", ", summary));
    }

    private CompletableFuture<Long> depth(String queue) {
        return urls.url(queue).thenCompose(url -> sqs.getQueueAttributes(b -> b.queueUrl(url)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)))
                .thenApply(r -> Long.parseLong(r.attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)));
    }

    private static long await(CompletableFuture<Long> depth)
            throws ExecutionException, TimeoutException, InterruptedException {
        return depth.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
