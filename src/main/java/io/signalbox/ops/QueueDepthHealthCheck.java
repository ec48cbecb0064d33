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
        builder.up();
        for (ResourceDeclarations.Queue queue : queues) {
            try {
                builder.detail(queue.name() + ".depth", depth(queue.name()));
                if (queue.deadLetterQueue() != null) {
                    builder.detail(queue.name() + ".dlq", queue.deadLetterQueue());
                    builder.detail(queue.name() + ".dlq.depth", depth(queue.deadLetterQueue()));
                }
            } catch (RuntimeException e) {
                builder.down().message("Queue " + queue.name() + " is unreachable: " + e.getMessage()).error(e);
                return;
            }
        }
    }

    private long depth(String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        return Long.parseLong(sqs.getQueueAttributes(b -> b.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    }
}
