package io.signalbox.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stand-ins keep their state under the data directory: a restart loses no queued message, no row. */
class RestartIT {

    @TempDir
    Path home;

    @Test
    void queuedMessagesAndTableRowsSurviveARestart() throws Exception {
        String eventId;
        SignalboxInstance first = SignalboxInstance.in(home).with("signalbox.in-memory", "false").with("signalbox.ingest.queues", "").start();
        try {
            eventId = first.events().putEvents(b -> b.entries(e -> e.eventBusName("custom-event-bus")
                    .source("inventory").detailType("Inventory Updated").detail("{\"item_id\":\"ITEM-7\"}")))
                    .entries().get(0).eventId();
            first.put("orders", Map.of("order_id", AttributeValue.fromS("ORD-7"), "status", AttributeValue.fromS("created")));
        } finally {
            first.close();
        }

        SignalboxInstance second = SignalboxInstance.restartOf(first).start();
        try {
            List<Message> messages = second.sqs().receiveMessage(b -> b.queueUrl(second.queueUrl("inventory-queue"))
                    .waitTimeSeconds(5).maxNumberOfMessages(10)).messages();
            assertEquals(1, messages.size());
            assertTrue(messages.get(0).body().contains(eventId));
            Map<String, AttributeValue> row = second.dynamoDb().getItem(b -> b.tableName("orders")
                    .key(Map.of("order_id", AttributeValue.fromS("ORD-7")))).item();
            assertEquals("created", row.get("status").s());
            // and as a person reads it with sqlite3 beside the running Signalbox (the README's query, read-only)
            org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
            readOnly.setReadOnly(true);
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:"
                    + home.resolve("data/signalbox.db"), readOnly.toProperties());
                 java.sql.ResultSet rs = c.createStatement().executeQuery(
                         "select order_id, json_extract(item, '$.status') from orders")) {
                assertTrue(rs.next());
                assertEquals("ORD-7", rs.getString(1));
                assertEquals("created", rs.getString(2));
            }
            // the redrive policy survived too
            String policy = second.sqs().getQueueAttributes(b -> b.queueUrl(second.queueUrl("inventory-queue"))
                    .attributeNamesWithStrings("RedrivePolicy")).attributesAsStrings().get("RedrivePolicy");
            assertTrue(policy.contains("inventory-dlq") && policy.contains("3"), policy);
        } finally {
            second.close();
        }
    }
}
