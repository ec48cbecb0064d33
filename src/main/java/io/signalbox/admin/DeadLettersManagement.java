package io.signalbox.admin;

import java.util.function.Supplier;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

import io.signalbox.deadletter.DeadLetterNotFoundException;
import io.signalbox.deadletter.DeadLetters;

/**
 * The {@link DeadLettersMBean}: the dead-letter operations as JMX operations with named, described parameters.
 * Failures reach the JMX client as JDK exceptions (a remote jconsole has none of Signalbox's or the AWS SDK's
 * classes): {@link IllegalArgumentException} for a bad queue, message id or max, {@link IllegalStateException}
 * for a failure in SQS; the message says what happened.
 */
public final class DeadLettersManagement extends StandardMBean implements DeadLettersMBean {

    private final DeadLetters deadLetters;
    private final DeadLetterJson json;

    public DeadLettersManagement(DeadLetters deadLetters, DeadLetterJson json) {
        super(DeadLettersMBean.class, false);
        this.deadLetters = deadLetters;
        this.json = json;
    }

    @Override
    public String listDeadLetterQueues() {
        return call(() -> json.queues(deadLetters.list()));
    }

    @Override
    public String peek(String queue, int max) {
        return call(() -> json.peek(deadLetters.peek(queue, max)));
    }

    @Override
    public String replay(String queue, String messageId) {
        return call(() -> json.replay(deadLetters.replay(queue, messageId)));
    }

    @Override
    public String replayAll(String queue) {
        return call(() -> json.replay(deadLetters.replayAll(queue)));
    }

    @Override
    public String purge(String queue) {
        return call(() -> json.purge(deadLetters.purge(queue)));
    }

    private static String call(Supplier<String> operation) {
        try {
            return operation.get();
        } catch (DeadLetterNotFoundException | IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalStateException(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    protected String getDescription(MBeanOperationInfo op) {
        return switch (op.getName()) {
            case "listDeadLetterQueues" -> "Every dead-letter queue with its source queues and depths (JSON)";
            case "peek" -> "Up to max messages of a dead-letter queue, without consuming them (JSON)";
            case "replay" -> "Sends one message of a dead-letter queue back to its source queue (JSON)";
            case "replayAll" -> "Sends every message of a dead-letter queue back to its source queue (JSON)";
            case "purge" -> "Deletes every message of a dead-letter queue and answers how many (JSON)";
            default -> super.getDescription(op);
        };
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return switch (param.getType()) {
            case "int" -> "max";
            default -> sequence == 0 ? "queue" : "messageId";
        };
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return switch (getParameterName(op, param, sequence)) {
            case "queue" -> "a dead-letter queue (order-dlq) or its source queue (order-queue)";
            case "max" -> "most messages to return (capped)";
            default -> "the message id on the dead-letter queue";
        };
    }
}
