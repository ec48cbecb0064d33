package io.signalbox.deadletter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.signalbox.config.ResourceDeclarations;

/**
 * Which queue is whose dead-letter queue, from the queue declarations ({@code resources.yaml}): resolves the
 * name an operator gives (a DLQ, or a source queue meaning its DLQ) and the queue a dead letter is replayed
 * to. Pure lookups, so the rules are tested without SQS.
 */
public final class DeadLetterTopology {

    /** DLQ name to the queues that dead-letter into it, in declaration order. */
    private final Map<String, List<String>> sourcesByDlq;
    /** Source queue name to its DLQ. */
    private final Map<String, String> dlqBySource;

    public DeadLetterTopology(ResourceDeclarations resources) {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        Map<String, String> dlqs = new LinkedHashMap<>();
        for (ResourceDeclarations.Queue queue : resources.queues()) {
            if (queue.deadLetterQueue() != null) {
                sources.computeIfAbsent(queue.deadLetterQueue(), d -> new ArrayList<>()).add(queue.name());
                dlqs.put(queue.name(), queue.deadLetterQueue());
            }
        }
        sources.replaceAll((dlq, list) -> List.copyOf(list));
        this.sourcesByDlq = Collections.unmodifiableMap(sources);
        this.dlqBySource = Collections.unmodifiableMap(dlqs);
    }

    /** Every DLQ, in the order its first source queue is declared. */
    public List<String> deadLetterQueues() {
        return List.copyOf(sourcesByDlq.keySet());
    }

    /** The queues whose DLQ is {@code dlq} (one in the built-in declarations). */
    public List<String> sourcesOf(String dlq) {
        return sourcesByDlq.getOrDefault(dlq, List.of());
    }

    /**
     * The DLQ an operator means by {@code name}: a DLQ's own name ({@code order-dlq}), or a source queue's name
     * ({@code order-queue}) for that queue's DLQ.
     *
     * @throws UnknownDeadLetterQueueException naming the known DLQs, for any other name
     */
    public String resolve(String name) {
        String trimmed = name == null ? "" : name.trim();
        if (sourcesByDlq.containsKey(trimmed)) {
            return trimmed;
        }
        String dlq = dlqBySource.get(trimmed);
        if (dlq != null) {
            return dlq;
        }
        throw new UnknownDeadLetterQueueException(trimmed, deadLetterQueues());
    }

    /**
     * The queue a dead letter of {@code dlq} goes back to: the queue named by its
     * {@link DeadLetterAttributes#SOURCE_QUEUE} attribute (set by the dead-letter channel) when present, else the
     * one queue whose DLQ this is (a message SQS redrive moved carries no attribute).
     *
     * @param sourceAttribute the attribute's value, or null
     * @throws IllegalArgumentException when the attribute names an undeclared queue, or when it is absent and
     *                                  several queues share this DLQ
     */
    public String sourceFor(String dlq, String sourceAttribute) {
        if (sourceAttribute != null && !sourceAttribute.isBlank()) {
            String source = sourceAttribute.trim();
            if (!dlqBySource.containsKey(source)) {
                throw new IllegalArgumentException("its " + DeadLetterAttributes.SOURCE_QUEUE + " '" + source
                        + "' is not a declared queue with a DLQ (declared: " + String.join(", ", dlqBySource.keySet()) + ")");
            }
            return source;
        }
        List<String> sources = sourcesOf(dlq);
        if (sources.size() == 1) {
            return sources.get(0);
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(dlq + " is not the DLQ of a declared queue");
        }
        throw new IllegalArgumentException("it has no " + DeadLetterAttributes.SOURCE_QUEUE + " attribute and " + dlq
                + " is the DLQ of several queues (" + String.join(", ", sources) + ")");
    }
}
