package io.signalbox.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.signalbox.config.ResourceDeclarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResultEntry;

/**
 * The operator's side of dead letters: list the DLQs of the declared queues with their depths, peek at their
 * messages, replay one or all of them to the queue they came from, and purge them. Used by the admin HTTP API
 * and the JMX operations; plain SQS calls on the shared client, so it works the same against ElasticMQ and AWS.
 *
 * <p>A queue is named by the DLQ's name ({@code order-dlq}) or by its source queue's name ({@code order-queue},
 * meaning that queue's DLQ); any other name is an {@link UnknownDeadLetterQueueException} listing the DLQs.
 *
 * <p><b>Peeking is best effort.</b> SQS has no browse call: {@link #peek} receives with a visibility timeout of
 * 0, so nothing is hidden or consumed, several times to gather up to {@code max} distinct messages. SQS may
 * return the same messages again or, on a large queue, sample only some of them, so a peek can show fewer
 * messages than the queue holds; messages in flight (being replayed or purged) are not seen; and every receive
 * counts in a message's ApproximateReceiveCount.
 *
 * <p><b>Replay</b> sends a message back to its source queue (its {@link DeadLetterAttributes#SOURCE_QUEUE}
 * attribute, else the queue whose DLQ this is) with the same body and every message attribute, plus
 * {@link DeadLetterAttributes#REPLAYED_AT}; the copy on the DLQ is deleted only once SQS acknowledged the send,
 * so a failure leaves it where it was. Messages that reach the DLQ after a {@link #replayAll} began (a
 * replayed message that failed again) are left for the next replay, so a replay never chases its own failures.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    /** SQS batch calls take at most 10 entries. */
    static final int MAX_BATCH_ENTRIES = 10;
    /** A send batch stays under SQS's classic 256 KiB payload limit (a larger message goes on its own). */
    static final int MAX_BATCH_BYTES = 256 * 1024;
    private static final String ALL = "All";

    /**
     * Limits of the operations.
     *
     * @param peekMax                  most messages one peek returns (a larger max is capped to it)
     * @param waitTimeSeconds          long-poll wait of each receive (0 is short polling, which on AWS may miss
     *                                 messages); the last, empty receive of an operation waits this long
     * @param visibilityTimeoutSeconds how long a message being replayed or purged stays hidden from other
     *                                 receivers; long enough for one batch to be sent and deleted
     */
    public record Limits(int peekMax, int waitTimeSeconds, int visibilityTimeoutSeconds) {
        public Limits {
            if (peekMax < 1) {
                throw new IllegalArgumentException("peek max must be at least 1, not " + peekMax);
            }
            if (waitTimeSeconds < 0 || waitTimeSeconds > 20) {
                throw new IllegalArgumentException("wait time must be 0 to 20 seconds, not " + waitTimeSeconds);
            }
            if (visibilityTimeoutSeconds < 1 || visibilityTimeoutSeconds > 43_200) {
                throw new IllegalArgumentException("visibility timeout must be 1 to 43200 seconds, not "
                        + visibilityTimeoutSeconds);
            }
        }
    }

    /** A DLQ, the queues that dead-letter into it, and its approximate depths. */
    public record QueueStatus(String queue, List<String> sourceQueues, long messages, long messagesNotVisible) {
    }

    /**
     * A message on a DLQ.
     *
     * @param attributes  its message attributes by name: String and Number values as they are, Binary ones in base64
     * @param sourceQueue where a replay would send it, or null when that cannot be told (the reason is in
     *                    {@code sourceError})
     */
    public record DeadLetter(String messageId, String body, Map<String, String> attributes, Instant sentTimestamp,
            int approximateReceiveCount, String sourceQueue, String sourceError) {
    }

    /** What a peek saw. */
    public record Peek(String queue, List<String> sourceQueues, List<DeadLetter> messages) {
    }

    /** One replayed message: its id on the DLQ, where it went, and its new id there. */
    public record Replayed(String messageId, String sourceQueue, String newMessageId) {
    }

    /** A message that could not be replayed and stays on the DLQ. */
    public record Failure(String messageId, String error) {
    }

    /** The outcome of a replay: the messages sent back (and deleted from the DLQ), and those that stay. */
    public record Replay(String queue, List<Replayed> replayed, List<Failure> failed) {
        public int count() {
            return replayed.size();
        }
    }

    /** The outcome of a purge: how many messages were deleted. */
    public record Purge(String queue, int purged) {
    }

    private final SqsClient sqs;
    private final DeadLetterTopology topology;
    private final Limits limits;
    private final Clock clock;
    private final Map<String, String> urls = new ConcurrentHashMap<>();

    public DeadLetters(SqsClient sqs, ResourceDeclarations resources, Limits limits) {
        this(sqs, new DeadLetterTopology(resources), limits, Clock.systemUTC());
    }

    DeadLetters(SqsClient sqs, DeadLetterTopology topology, Limits limits, Clock clock) {
        this.sqs = sqs;
        this.topology = topology;
        this.limits = limits;
        this.clock = clock;
    }

    public DeadLetterTopology topology() {
        return topology;
    }

    public Limits limits() {
        return limits;
    }

    /** Every DLQ of the declared queues, with ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible. */
    public List<QueueStatus> list() {
        List<QueueStatus> result = new ArrayList<>();
        for (String dlq : topology.deadLetterQueues()) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url(dlq)).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            result.add(new QueueStatus(dlq, topology.sourcesOf(dlq),
                    Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")),
                    Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"))));
        }
        return result;
    }

    /**
     * Up to {@code max} (capped to {@link Limits#peekMax()}) messages of the DLQ, without consuming or hiding
     * them. Best effort: see the class comment.
     *
     * @throws IllegalArgumentException for a max below 1
     */
    public Peek peek(String queue, int max) {
        String dlq = topology.resolve(queue);
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, not " + max);
        }
        int wanted = Math.min(max, limits.peekMax());
        String url = url(dlq);
        Map<String, DeadLetter> seen = new LinkedHashMap<>();
        // enough receives to page through the wanted messages, plus a few for SQS returning some again
        int receives = 2 * ((wanted + MAX_BATCH_ENTRIES - 1) / MAX_BATCH_ENTRIES) + 2;
        int fruitless = 0;
        for (int i = 0; i < receives && seen.size() < wanted && fruitless < 2; i++) {
            List<Message> messages = receive(url, MAX_BATCH_ENTRIES, 0);
            if (messages.isEmpty()) {
                break;
            }
            int before = seen.size();
            for (Message m : messages) {
                if (seen.size() < wanted) {
                    seen.putIfAbsent(m.messageId(), deadLetter(dlq, m));
                }
            }
            fruitless = seen.size() == before ? fruitless + 1 : 0;
        }
        return new Peek(dlq, topology.sourcesOf(dlq), List.copyOf(seen.values()));
    }

    /**
     * Sends the message {@code messageId} of the DLQ back to its source queue and deletes it from the DLQ.
     *
     * @throws DeadLetterMessageNotFoundException when no visible message of the DLQ has that id
     * @throws IllegalStateException              when it could not be sent (it stays on the DLQ)
     */
    public Replay replay(String queue, String messageId) {
        String dlq = topology.resolve(queue);
        if (messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("message id is empty");
        }
        String id = messageId.trim();
        String url = url(dlq);
        List<Message> others = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Message found = null;
        try {
            // every message received stays hidden until the end, so each receive brings new ones; only on a DLQ
            // too large to look through within the visibility timeout do seen ones come back: then it is not there
            while (found == null) {
                List<Message> messages = receive(url, MAX_BATCH_ENTRIES, limits.visibilityTimeoutSeconds());
                boolean anyNew = false;
                for (Message m : messages) {
                    anyNew |= seen.add(m.messageId());
                    if (found == null && m.messageId().equals(id)) {
                        found = m;
                    } else {
                        others.add(m);
                    }
                }
                if (!anyNew) {
                    break;
                }
            }
            if (found == null) {
                throw new DeadLetterMessageNotFoundException(dlq, id);
            }
            Replay replay = new Replay(dlq, new ArrayList<>(), new ArrayList<>());
            List<Message> failed = replayBatch(url, dlq, List.of(found), replay);
            if (!failed.isEmpty()) {
                others.addAll(failed);
                throw new IllegalStateException("Message " + id + " of " + dlq + " was not replayed: "
                        + replay.failed().get(0).error());
            }
            return replay;
        } finally {
            release(url, others);
        }
    }

    /**
     * Sends every message of the DLQ back to its source queue, deleting each from the DLQ once sent. Messages
     * that cannot be replayed stay (listed in {@link Replay#failed()}); messages that arrive after the replay
     * began stay for the next one.
     */
    public Replay replayAll(String queue) {
        String dlq = topology.resolve(queue);
        String url = url(dlq);
        Instant start = clock.instant();
        Replay replay = new Replay(dlq, new ArrayList<>(), new ArrayList<>());
        List<Message> held = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try {
            for (;;) {
                List<Message> messages = receive(url, MAX_BATCH_ENTRIES, limits.visibilityTimeoutSeconds());
                if (messages.isEmpty()) {
                    break;
                }
                List<Message> batch = new ArrayList<>();
                for (Message m : messages) {
                    Instant sent = sentTimestamp(m);
                    // a second delivery of one message, or one dead-lettered since we began (a replay that failed
                    // again): hold it, hidden, until the end, so that this loop ends
                    if (!seen.add(m.messageId()) || (sent != null && !sent.isBefore(start))) {
                        held.add(m);
                    } else {
                        batch.add(m);
                    }
                }
                held.addAll(replayBatch(url, dlq, batch, replay));
            }
        } finally {
            release(url, held);
        }
        if (!replay.failed().isEmpty()) {
            LOG.warn("Replayed {} message(s) of {}; {} could not be replayed and stay: {}", replay.count(), dlq,
                    replay.failed().size(), replay.failed());
        } else {
            LOG.info("Replayed {} message(s) of {}", replay.count(), dlq);
        }
        return replay;
    }

    /**
     * Deletes every message of the DLQ, received and deleted batch by batch, and says how many were deleted. Not
     * PurgeQueue: it counts nothing, AWS allows it once a minute, and ElasticMQ (1.7.1) leaves purged messages in
     * its store, so they would come back at the next start. Messages in flight are not deleted.
     */
    public Purge purge(String queue) {
        String dlq = topology.resolve(queue);
        String url = url(dlq);
        int purged = 0;
        for (;;) {
            List<Message> messages = receive(url, MAX_BATCH_ENTRIES, limits.visibilityTimeoutSeconds());
            if (messages.isEmpty()) {
                break;
            }
            purged += delete(url, messages).size();
        }
        LOG.info("Purged {} message(s) from {}", purged, dlq);
        return new Purge(dlq, purged);
    }

    /**
     * The attributes a replayed message is sent with: all of the dead letter's, plus
     * {@link DeadLetterAttributes#REPLAYED_AT} (replacing an earlier replay's).
     */
    static Map<String, MessageAttributeValue> replayAttributes(Map<String, MessageAttributeValue> attributes,
            Instant replayedAt) {
        Map<String, MessageAttributeValue> result = new LinkedHashMap<>(attributes);
        result.put(DeadLetterAttributes.REPLAYED_AT,
                MessageAttributeValue.builder().dataType("String").stringValue(replayedAt.toString()).build());
        return result;
    }

    /** An attribute as an operator reads it: String and Number values as they are, Binary ones in base64. */
    static String display(MessageAttributeValue value) {
        if (value.dataType() != null && value.dataType().startsWith("Binary")) {
            return value.binaryValue() == null ? null : Base64.getEncoder().encodeToString(value.binaryValue().asByteArray());
        }
        return value.stringValue();
    }

    /** Bytes a message counts for in a batch's payload: body plus attribute names, types and values. */
    static int size(String body, Map<String, MessageAttributeValue> attributes) {
        int bytes = body.getBytes(StandardCharsets.UTF_8).length;
        for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
            MessageAttributeValue v = a.getValue();
            bytes += a.getKey().getBytes(StandardCharsets.UTF_8).length
                    + (v.dataType() == null ? 0 : v.dataType().getBytes(StandardCharsets.UTF_8).length)
                    + (v.stringValue() == null ? 0 : v.stringValue().getBytes(StandardCharsets.UTF_8).length)
                    + (v.binaryValue() == null ? 0 : v.binaryValue().asByteArray().length);
        }
        return bytes;
    }

    /**
     * Sends {@code messages} (received, hidden) to their source queues and deletes the sent ones from the DLQ,
     * recording both in {@code replay}; returns the messages that were not sent, still hidden.
     */
    private List<Message> replayBatch(String url, String dlq, List<Message> messages, Replay replay) {
        List<Message> unsent = new ArrayList<>();
        Map<String, List<Message>> bySource = new LinkedHashMap<>();
        for (Message m : messages) {
            MessageAttributeValue attribute = m.messageAttributes().get(DeadLetterAttributes.SOURCE_QUEUE);
            try {
                String source = topology.sourceFor(dlq, attribute == null ? null : attribute.stringValue());
                bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(m);
            } catch (IllegalArgumentException e) {
                replay.failed().add(new Failure(m.messageId(), "no queue to replay to: " + e.getMessage()));
                unsent.add(m);
            }
        }
        Instant replayedAt = clock.instant();
        for (Map.Entry<String, List<Message>> group : bySource.entrySet()) {
            String source = group.getKey();
            String sourceUrl;
            try {
                sourceUrl = url(source);
            } catch (RuntimeException e) {
                for (Message m : group.getValue()) {
                    replay.failed().add(new Failure(m.messageId(), "no queue to replay to: " + e.getMessage()));
                }
                unsent.addAll(group.getValue());
                continue;
            }
            List<Message> sent = new ArrayList<>();
            for (List<Message> batch : sendBatches(group.getValue(), replayedAt)) {
                send(sourceUrl, source, batch, replayedAt, sent, unsent, replay);
            }
            Set<String> deleted = delete(url, sent);
            for (Message m : sent) {
                if (!deleted.contains(m.messageId())) {
                    // sent but still on the DLQ: it would be replayed twice, so say so
                    LOG.warn("Message {} was replayed to {} but could not be deleted from {}", m.messageId(), source, dlq);
                }
            }
        }
        return unsent;
    }

    /** Splits messages into SendMessageBatch calls of at most 10 entries and {@link #MAX_BATCH_BYTES}. */
    static List<List<Message>> sendBatches(List<Message> messages, Instant replayedAt) {
        List<List<Message>> batches = new ArrayList<>();
        List<Message> batch = new ArrayList<>();
        int bytes = 0;
        for (Message m : messages) {
            int size = size(m.body(), replayAttributes(m.messageAttributes(), replayedAt));
            if (!batch.isEmpty() && (batch.size() == MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
                batches.add(batch);
                batch = new ArrayList<>();
                bytes = 0;
            }
            batch.add(m);
            bytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    private void send(String sourceUrl, String source, List<Message> batch, Instant replayedAt, List<Message> sent,
            List<Message> unsent, Replay replay) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Message m = batch.get(i);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(m.body())
                    .messageAttributes(replayAttributes(m.messageAttributes(), replayedAt)).build());
        }
        SendMessageBatchResponse response;
        try {
            response = sqs.sendMessageBatch(b -> b.queueUrl(sourceUrl).entries(entries));
        } catch (RuntimeException e) {
            for (Message m : batch) {
                replay.failed().add(new Failure(m.messageId(), "sending to " + source + " failed: " + e.getMessage()));
            }
            unsent.addAll(batch);
            return;
        }
        for (SendMessageBatchResultEntry ok : response.successful()) {
            Message m = batch.get(Integer.parseInt(ok.id()));
            sent.add(m);
            replay.replayed().add(new Replayed(m.messageId(), source, ok.messageId()));
        }
        for (BatchResultErrorEntry error : response.failed()) {
            Message m = batch.get(Integer.parseInt(error.id()));
            unsent.add(m);
            replay.failed().add(new Failure(m.messageId(), "sending to " + source + " failed: " + error.code()
                    + (error.message() == null ? "" : " " + error.message())));
        }
    }

    /** Deletes the received messages from the queue; returns the ids deleted. */
    private Set<String> delete(String url, List<Message> messages) {
        Set<String> deleted = new HashSet<>();
        for (int from = 0; from < messages.size(); from += MAX_BATCH_ENTRIES) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH_ENTRIES));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).build());
            }
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries));
            response.successful().forEach(ok -> deleted.add(batch.get(Integer.parseInt(ok.id())).messageId()));
            for (BatchResultErrorEntry error : response.failed()) {
                LOG.warn("Could not delete message {}: {} {}", batch.get(Integer.parseInt(error.id())).messageId(),
                        error.code(), error.message());
            }
        }
        return deleted;
    }

    /** Makes received messages visible again at once. */
    private void release(String url, List<Message> messages) {
        for (int from = 0; from < messages.size(); from += MAX_BATCH_ENTRIES) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + MAX_BATCH_ENTRIES));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(0).build());
            }
            try {
                sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries));
            } catch (RuntimeException e) {
                // they become visible anyway when their visibility timeout ends
                LOG.warn("Could not make {} message(s) visible again at once: {}", batch.size(), e.getMessage());
            }
        }
    }

    private List<Message> receive(String url, int max, int visibilityTimeout) {
        return sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(max).visibilityTimeout(visibilityTimeout)
                .waitTimeSeconds(limits.waitTimeSeconds()).messageAttributeNames(ALL)
                .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
    }

    private DeadLetter deadLetter(String dlq, Message m) {
        Map<String, String> attributes = new TreeMap<>();
        m.messageAttributes().forEach((name, value) -> attributes.put(name, display(value)));
        MessageAttributeValue attribute = m.messageAttributes().get(DeadLetterAttributes.SOURCE_QUEUE);
        String source = null;
        String sourceError = null;
        try {
            source = topology.sourceFor(dlq, attribute == null ? null : attribute.stringValue());
        } catch (IllegalArgumentException e) {
            sourceError = e.getMessage();
        }
        String receives = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        return new DeadLetter(m.messageId(), m.body(), attributes, sentTimestamp(m),
                receives == null ? 0 : Integer.parseInt(receives), source, sourceError);
    }

    private static Instant sentTimestamp(Message m) {
        String millis = m.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private String url(String queue) {
        String url = urls.get(queue);
        if (url == null) {
            try {
                url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
            } catch (QueueDoesNotExistException e) {
                throw new UnknownDeadLetterQueueException(queue, "Queue " + queue
                        + " is declared but does not exist in SQS (signalbox.provision creates it)");
            }
            urls.put(queue, url);
        }
        return url;
    }
}
