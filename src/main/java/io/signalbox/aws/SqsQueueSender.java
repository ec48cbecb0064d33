package io.signalbox.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.signalbox.bus.QueueSender;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Delivers to SQS with SendMessageBatch on the async client, batching across callers: every message bound for
 * a queue joins that queue's line, and at most {@code maxBatchesInFlight} SendMessageBatch requests per queue
 * are out at once, each taking up to 10 waiting messages (and at most 1 MiB). A quiet queue sends each message
 * at once; a busy one sends full batches instead of one request per caller, so the cost per message falls as the
 * load rises. Nothing waits for a timer: a message waits only while the queue's requests are all in flight.
 *
 * <p>Each caller's future completes when SQS has answered for its messages: with the indexes SQS refused
 * (empty when all were taken), or exceptionally when the queue could not be reached (unknown queue, request
 * failed after the SDK's retries).
 */
public final class SqsQueueSender implements QueueSender {

    static final int MAX_BATCH_ENTRIES = 10;
    static final int MAX_BATCH_BYTES = 1024 * 1024;
    /** Default for {@code signalbox.sqs.max-batches-in-flight}. */
    public static final int DEFAULT_MAX_BATCHES_IN_FLIGHT = 4;

    private final SqsAsyncClient sqs;
    private final QueueUrls urls;
    private final int maxBatchesInFlight;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final LongAdder requests = new LongAdder();
    private final LongAdder messages = new LongAdder();

    public SqsQueueSender(SqsAsyncClient sqs, QueueUrls urls) {
        this(sqs, urls, DEFAULT_MAX_BATCHES_IN_FLIGHT);
    }

    public SqsQueueSender(SqsAsyncClient sqs, QueueUrls urls, int maxBatchesInFlight) {
        if (maxBatchesInFlight < 1) {
            throw new IllegalArgumentException("max batches in flight must be at least 1, not " + maxBatchesInFlight);
        }
        this.sqs = sqs;
        this.urls = urls;
        this.maxBatchesInFlight = maxBatchesInFlight;
    }

    @Override
    public CompletableFuture<Set<Integer>> send(String queue, List<String> bodies) {
        List<Outgoing> outgoing = new ArrayList<>(bodies.size());
        for (String body : bodies) {
            outgoing.add(new Outgoing(body, Map.of()));
        }
        enqueue(queue, outgoing);
        return CompletableFuture.allOf(outgoing.stream().map(o -> o.accepted).toArray(CompletableFuture[]::new))
                .thenApply(ignored -> {
            Set<Integer> failed = new HashSet<>();
            for (int i = 0; i < outgoing.size(); i++) {
                if (!outgoing.get(i).accepted.join()) {
                    failed.add(i);
                }
            }
            return failed;
        });
    }

    /**
     * Sends one message with attributes; completes with true when SQS took it, false when it refused it (the
     * refusal's reason is SQS's), exceptionally when the queue could not be reached.
     */
    public CompletableFuture<Boolean> send(String queue, String body, Map<String, MessageAttributeValue> attributes) {
        Outgoing o = new Outgoing(body, attributes);
        enqueue(queue, List.of(o));
        return o.accepted;
    }

    /** SendMessageBatch requests made so far. */
    public long requests() {
        return requests.sum();
    }

    /** Messages sent (accepted or refused by SQS) so far. */
    public long messages() {
        return messages.sum();
    }

    private void enqueue(String queue, List<Outgoing> outgoing) {
        Line line = lines.computeIfAbsent(queue, q -> new Line());
        synchronized (line) {
            line.waiting.addAll(outgoing);
        }
        CompletableFuture<String> url = urls.url(queue);
        if (url.isDone() && !url.isCompletedExceptionally()) {
            line.pump(url.join());
        } else {
            url.whenComplete((u, error) -> {
                if (error != null) {
                    line.failWaiting(error);
                } else {
                    line.pump(u);
                }
            });
        }
    }

    /** A message waiting for (or in) a batch. */
    private static final class Outgoing {
        final String body;
        final Map<String, MessageAttributeValue> attributes;
        final int bytes;
        final CompletableFuture<Boolean> accepted = new CompletableFuture<>();

        Outgoing(String body, Map<String, MessageAttributeValue> attributes) {
            this.body = body;
            this.attributes = attributes;
            int size = body.getBytes(StandardCharsets.UTF_8).length;
            for (Map.Entry<String, MessageAttributeValue> a : attributes.entrySet()) {
                MessageAttributeValue v = a.getValue();
                size += a.getKey().length() + v.dataType().length()
                        + (v.stringValue() == null ? 0 : v.stringValue().getBytes(StandardCharsets.UTF_8).length);
            }
            this.bytes = size;
        }
    }

    /** One queue's waiting messages and its requests in flight; guarded by its own monitor. */
    private final class Line {
        final Queue<Outgoing> waiting = new ArrayDeque<>();
        int inFlight;

        /** Starts batches while slots are free and messages wait. */
        void pump(String url) {
            while (true) {
                List<Outgoing> batch;
                synchronized (this) {
                    if (inFlight >= maxBatchesInFlight || waiting.isEmpty()) {
                        return;
                    }
                    batch = new ArrayList<>(MAX_BATCH_ENTRIES);
                    int bytes = 0;
                    Outgoing next;
                    while (batch.size() < MAX_BATCH_ENTRIES && (next = waiting.peek()) != null
                            && (batch.isEmpty() || bytes + next.bytes <= MAX_BATCH_BYTES)) {
                        batch.add(waiting.poll());
                        bytes += next.bytes;
                    }
                    inFlight++;
                }
                sendBatch(url, batch);
            }
        }

        private void sendBatch(String url, List<Outgoing> batch) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Outgoing o = batch.get(i);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i)).messageBody(o.body)
                        .messageAttributes(o.attributes).build());
            }
            requests.increment();
            messages.add(batch.size());
            CompletableFuture<SendMessageBatchResponse> response;
            try {
                response = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
            } catch (RuntimeException e) {
                response = CompletableFuture.failedFuture(e);
            }
            response.whenComplete((r, error) -> {
                synchronized (this) {
                    inFlight--;
                }
                answered(batch, r, error);
                pump(url);
            });
        }

        private void answered(List<Outgoing> batch, SendMessageBatchResponse response, Throwable error) {
            if (error != null) {
                batch.forEach(o -> o.accepted.completeExceptionally(error));
                return;
            }
            Set<Integer> refused = new HashSet<>();
            for (BatchResultErrorEntry e : response.failed()) {
                refused.add(Integer.parseInt(e.id()));
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).accepted.complete(!refused.contains(i));
            }
        }

        /** The queue's URL could not be had: every message waiting fails with that reason. */
        void failWaiting(Throwable error) {
            List<Outgoing> failed;
            synchronized (this) {
                failed = new ArrayList<>(waiting);
                waiting.clear();
            }
            failed.forEach(o -> o.accepted.completeExceptionally(error));
        }
    }
}
