package io.signalbox.config;

import java.util.List;
import java.util.Objects;

/**
 * The queues and tables Signalbox needs, from {@code resources.yaml}; created at start-up when missing.
 *
 * @param queues SQS queues, each with its dead-letter queue
 * @param tables DynamoDB tables
 */
public record ResourceDeclarations(List<Queue> queues, List<Table> tables) {

    public ResourceDeclarations {
        queues = queues == null ? List.of() : List.copyOf(queues);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /**
     * An SQS queue and its redrive policy.
     *
     * @param deadLetterQueue name of the queue a message moves to after {@code maxReceiveCount} receives;
     *                        null for a queue without one (a DLQ itself)
     */
    public record Queue(String name, int visibilityTimeoutSeconds, String deadLetterQueue, int maxReceiveCount) {
        public Queue {
            Objects.requireNonNull(name, "queue name");
            if (visibilityTimeoutSeconds <= 0) {
                visibilityTimeoutSeconds = 30;
            }
            if (deadLetterQueue != null && maxReceiveCount <= 0) {
                maxReceiveCount = 3;
            }
        }
    }

    /**
     * A DynamoDB table keyed by a string partition key (and optional string sort key).
     *
     * @param ttlAttribute attribute holding the expiry time in epoch seconds, or null
     */
    public record Table(String name, String partitionKey, String sortKey, String ttlAttribute) {
        public Table {
            Objects.requireNonNull(name, "table name");
            Objects.requireNonNull(partitionKey, "partition-key of table " + name);
        }
    }
}
