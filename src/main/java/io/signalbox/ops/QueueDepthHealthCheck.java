package io.signalbox.ops;

import java.util.List;
import java.util.Map;

import io.signalbox.config.ResourceDeclarations;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Readiness: every declared queue answers, with its depth and its dead-letter queue's depth in the
 * details (as seed 004's health check reports queue depth). A full DLQ does not make Signalbox unready;
 * an unreachable queue does.
 */
public final class QueueDepthHealthCheck extends AbstractHealthCheck {

    private final SqsClient sqs;
    private final List<ResourceDeclarations.Queue> queues;

    public QueueDepthHealthCheck(SqsClient sqs, List<ResourceDeclarations.Queue> queues) {
        super("signalbox", "queues");
        this.sqs = sqs;
        this.queues = queues;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        StringBuilder summary = new StringBuilder();
        for (ResourceDeclarations.Queue queue : queues) {
            try {
                long depth = depth(queue.name());
                builder.detail(queue.name() + ".depth", depth);
                summary.append(summary.isEmpty() ? "" : ", ").append(queue.name()).append(' ').append(depth);
                if (queue.deadLetterQueue() != null) {
                    long dlqDepth = depth(queue.deadLetterQueue());
                    builder.detail(queue.name() + ".dlq", queue.deadLetterQueue());
                    builder.detail(queue.name() + ".dlq.depth", dlqDepth);
                    summary.append(" (").append(queue.deadLetterQueue()).append(' ').append(dlqDepth).append(')');
                }
            } catch (RuntimeException e) {
                builder.down().message("Queue " + queue.name() + " is unreachable: " + e.getMessage()).error(e);
                return;
            }
        }
        // the message shows in every health answer; the details with ?data=true
        builder.up().message("messages waiting: " + summary);
    }

    private long depth(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
