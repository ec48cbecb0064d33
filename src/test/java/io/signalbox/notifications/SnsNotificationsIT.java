package io.signalbox.notifications;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.MotoServer;
import io.signalbox.testing.Seed001Client;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Notification target {@code sns} (profile aws's default) against a real SNS API: moto's server. A local
 * Signalbox publishes each stored order's {@code Notification Sent} to a moto topic
 * ({@code signalbox.notifications.target=sns}, {@code signalbox.aws.sns-endpoint}); a moto SQS queue subscribed
 * to the topic receives what SNS delivered.
 */
class SnsNotificationsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path home;
    static MotoServer moto;
    static SnsClient sns;
    static SqsClient sqs;
    static String subscriber;
    static SignalboxInstance signalbox;

    @BeforeAll
    static void start() {
        moto = MotoServer.start(home.resolve("moto"));
        sns = moto.sns();
        sqs = moto.sqs();
        String topic = sns.createTopic(b -> b.name("event-notifications")).topicArn();
        subscriber = sqs.createQueue(b -> b.queueName("notification-subscriber")).queueUrl();
        String subscriberArn = sqs.getQueueAttributes(b -> b.queueUrl(subscriber)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(subscriberArn));
        signalbox = SignalboxInstance.in(home)
                .with("signalbox.notifications.target", "sns")
                .with("signalbox.notifications.sns-topic-arn", topic)
                .with("signalbox.aws.sns-endpoint", moto.endpoint().toString())
                .start();
    }

    @AfterAll
    static void stop() {
        if (signalbox != null) {
            signalbox.close();
        }
        if (moto != null) {
            moto.close(); // and the clients it handed out
        }
    }

    @Test
    void aStoredOrdersNotificationIsPublishedToTheTopic() throws Exception {
        String orderId = "ORD-" + UUID.randomUUID();
        new Seed001Client(signalbox).put("orders", "Order Created", "{\"order_id\":\"" + orderId
                + "\",\"customer_id\":\"CUST-001\",\"items\":[{\"item_id\":\"ITEM-001\",\"quantity\":2,\"price\":29.99}],"
                + "\"total\":59.98,\"timestamp\":\"2024-01-15T10:00:00Z\"}");

        List<JsonNode> delivered = new CopyOnWriteArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            sqs.receiveMessage(b -> b.queueUrl(subscriber).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                    .forEach(m -> delivered.add(readTree(m.body())));
            return delivered.stream().anyMatch(n -> n.path("Message").asText().contains(orderId));
        });
        JsonNode envelope = delivered.stream().filter(n -> n.path("Message").asText().contains(orderId)).findFirst()
                .orElseThrow();
        assertEquals("Notification", envelope.path("Type").asText());
        assertTrue(envelope.path("TopicArn").asText().endsWith(":event-notifications"), envelope.toString());
        JsonNode message = MAPPER.readTree(envelope.path("Message").asText());
        assertTrue(message.toString().contains(orderId), message.toString());
        assertEquals(1, delivered.stream().filter(n -> n.path("Message").asText().contains(orderId)).count(),
                "one notification per stored order");
        assertTrue(envelope.hasNonNull("Subject"), "the notification's subject goes along: " + envelope);
    }

    private static JsonNode readTree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON from SNS: " + json, e);
        }
    }
}
