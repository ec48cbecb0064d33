package io.signalbox.admin;

/**
 * The dead-letter operations over JMX (jconsole, or Jolokia at {@code /observe/jolokia}): the same as the admin
 * HTTP API, answering the same JSON documents. A queue is a DLQ's name or its source queue's name. A bad
 * queue, message id or max fails with an {@link IllegalArgumentException} whose message says what is wrong.
 */
public interface DeadLettersMBean {

    /** Every DLQ with its source queues and depths ({@code GET /admin/dlq}). */
    String listDeadLetterQueues();

    /** Up to {@code max} messages of the DLQ, not consumed ({@code GET /admin/dlq/{queue}/messages}). */
    String peek(String queue, int max);

    /** One message back to its source queue ({@code POST /admin/dlq/{queue}/replay?message_id=}). */
    String replay(String queue, String messageId);

    /** Every message back to its source queue ({@code POST /admin/dlq/{queue}/replay}). */
    String replayAll(String queue);

    /** Deletes every message; answers how many ({@code DELETE /admin/dlq/{queue}/messages}). */
    String purge(String queue);
}
