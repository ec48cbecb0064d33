package io.signalbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * ElasticMQ on disk keeps its messages in H2 with the stand-in's settings in effect, and a message larger than
 * H2's default in-row limit (256 bytes) and than a page still goes in and out whole. (Messages surviving a
 * restart: RestartIT, on a whole Signalbox.)
 */
class ElasticMqStandinIT {

    @TempDir
    Path data;

    @Test
    void largeMessagesGoThroughTheStoreWithItsSettingsInEffect() throws Exception {
        int port = SignalboxInstance.freePort();
        String small = "{\"detail\":\"" + "x".repeat(1_000) + "\"}";
        String large = "{\"detail\":\"" + "y".repeat(200_000) + "\"}";
        try (ElasticMqStandin standin = ElasticMqStandin.start("127.0.0.1", port, "us-east-1", "000000000000", data);
                SqsClient sqs = client(port)) {
            String url = sqs.createQueue(b -> b.queueName("store-test")).queueUrl();
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(small));
            sqs.sendMessage(b -> b.queueUrl(url).messageBody(large));

            List<String> bodies = new ArrayList<>();
            while (bodies.size() < 2) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(5))
                        .messages()) {
                    bodies.add(m.body());
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            assertEquals(List.of(small, large), bodies.stream().sorted().toList());

            // the same database, from a second connection in this JVM (H2's embedded mode shares it)
            try (Connection h2 = DriverManager.getConnection(ElasticMqStandin.messagesUrl(data));
                    Statement statement = h2.createStatement();
                    ResultSet setting = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                            + " WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'")) {
                assertTrue(setting.next(), "MAX_LENGTH_INPLACE_LOB is set (H2 lists only settings that were set)");
                assertEquals("1048576", setting.getString(1));
            }
        }
    }

    private static SqsClient client(int port) {
        return SqsClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }
}
