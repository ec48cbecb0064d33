package io.signalbox.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The batching sender against a real ElasticMQ on a free loopback port. */
class SqsQueueSenderIT {

    private static SQSRestServer server;
    private static SqsAsyncClient sqs;

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(port).start();
        server.waitUntilStarted();
        sqs = SqsAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (server != null) {
            server.stopAndWait();
        }
    }

    @Test
    void messagesSentWhileARequestIsOutLeaveTogetherAndAllArriveOnce() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("batching")).get(10, TimeUnit.SECONDS).queueUrl();
        SqsQueueSender sender = new SqsQueueSender(sqs, new QueueUrls(sqs), 1);
        int count = 200;
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(sender.send("batching", "{\"n\":" + i + "}", Map.of()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        sent.forEach(f -> assertTrue(f.join(), "every message taken by the queue"));

        assertEquals(count, sender.messages());
        // one request at a time: the 199 callers that came while the first request was out shared batches of 10
        assertTrue(sender.requests() < count / 2, "requests for " + count + " single sends: " + sender.requests());
        assertTrue(sender.requests() >= count / SqsQueueSender.MAX_BATCH_ENTRIES);

        Set<String> bodies = receiveAll(url, count);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < count; i++) {
            expected.add("{\"n\":" + i + "}");
        }
        assertEquals(expected, bodies);
    }

    @Test
    void aCallersBodiesAreAllSentAndTheAttributesArrive() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("attributes")).get(10, TimeUnit.SECONDS).queueUrl();
        SqsQueueSender sender = new SqsQueueSender(sqs, new QueueUrls(sqs));
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            bodies.add("body-" + i);
        }
        assertEquals(Set.of(), sender.send("attributes", bodies).get(30, TimeUnit.SECONDS));
        assertTrue(sender.send("attributes", "with-attribute", Map.of("signalbox.subject",
                MessageAttributeValue.builder().dataType("String").stringValue("Order ORD-1").build()))
                .get(30, TimeUnit.SECONDS));

        List<Message> received = new ArrayList<>();
        while (received.size() < 26) {
            received.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .get(10, TimeUnit.SECONDS).messages());
        }
        Message tagged = received.stream().filter(m -> m.body().equals("with-attribute")).findFirst().orElseThrow();
        assertEquals("Order ORD-1", tagged.messageAttributes().get("signalbox.subject").stringValue());
        assertEquals(26, received.stream().map(Message::body).distinct().count());
    }

    @Test
    void largeMessagesSplitIntoBatchesOfAtMostOneMebibyte() throws Exception {
        String url = sqs.createQueue(b -> b.queueName("large")).get(10, TimeUnit.SECONDS).queueUrl();
        SqsQueueSender sender = new SqsQueueSender(sqs, new QueueUrls(sqs), 1);
        String large = "x".repeat(400 * 1024);
        List<String> bodies = List.of(large + "a", large + "b", large + "c");
        assertEquals(Set.of(), sender.send("large", bodies).get(30, TimeUnit.SECONDS));
        // 2 × 400 KiB fit in one MiB, the third does not
        assertEquals(2, sender.requests());
        assertEquals(3, receiveAll(url, 3).size());
    }

    @Test
    void anUnknownQueueFailsTheCallersFuture() {
        SqsQueueSender sender = new SqsQueueSender(sqs, new QueueUrls(sqs));
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> sender.send("no-such-queue", List.of("lost?")).join());
        assertInstanceOf(QueueDoesNotExistException.class, e.getCause());
        assertEquals(0, sender.requests());
    }

    private static Set<String> receiveAll(String url, int count) throws Exception {
        Set<String> bodies = new HashSet<>();
        int received = 0;
        while (received < count) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .get(10, TimeUnit.SECONDS).messages();
            received += messages.size();
            messages.forEach(m -> bodies.add(m.body()));
        }
        assertEquals(count, received, "no message twice");
        return bodies;
    }
}
