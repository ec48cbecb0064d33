package io.signalbox.inventory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.events.OutgoingEvent;
import io.signalbox.testing.Seed001Client;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/** Inventory against the real stand-ins: restock, sale, adjust, sales beyond stock, concurrent sales, redelivery. */
class InventoryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    static Seed001Client client;
    static final List<Message> dead = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).with("signalbox.dlc.initial-delay-ms", "20")
                .with("signalbox.dlc.maximum-delay-ms", "200").start();
        client = new Seed001Client(signalbox);
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    static String change(String item, int quantity, String action) {
        return "{\"item_id\":\"" + item + "\",\"quantity\":" + quantity + ",\"action\":\"" + action
                + "\",\"warehouse_id\":\"WH-1\",\"timestamp\":\"2024-01-15T10:00:00Z\"}";
    }

    @Test
    void restockSaleAndAdjustApplyToTheItemAndPublishInventoryUpdates() throws Exception {
        String item = "ITEM-" + UUID.randomUUID();
        client.put("inventory", "Inventory Updated", change(item, 100, "restock"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 100);
        client.put("inventory", "Inventory Updated", change(item, 30, "sale"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 70);
        client.put("inventory", "Inventory Updated", change(item, 12, "adjust"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 12);
        assertTrue(client.item("inventory", "item_id", item).containsKey("updated_at"));

        // seed 000's Inventory Update on the default bus, one per change (read back from the bus's archive)
        await().atMost(PATIENCE).until(() -> inventoryUpdates(item).size() == 3);
        List<String> seen = new ArrayList<>();
        for (JsonNode d : inventoryUpdates(item)) {
            assertEquals("inventory_changed", d.get("event_type").asText());
            assertEquals("WH-1", d.get("warehouse_id").asText());
            seen.add(d.get("action").asText() + " " + d.get("quantity_change").asInt() + " -> " + d.get("quantity_on_hand").asInt());
        }
        assertTrue(seen.containsAll(List.of("restock 100 -> 100", "sale -30 -> 70", "adjust -58 -> 12")), seen.toString());

        // and one stock movement per change, signed, with its kind, for the anomaly job
        List<String> movements = new ArrayList<>();
        for (Map<String, AttributeValue> m : movements(item)) {
            movements.add(m.get("kind").s() + " " + m.get("quantity").n());
        }
        assertEquals(List.of("adjustment -58", "receipt 100", "sale -30").stream().sorted().toList(),
                movements.stream().sorted().toList());
    }

    @Test
    void saleBeyondStockGoesToTheDlqWithTheReasonAndLeavesStockAlone() throws Exception {
        String item = "ITEM-" + UUID.randomUUID();
        client.put("inventory", "Inventory Updated", change(item, 5, "restock"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 5);
        client.put("inventory", "Inventory Updated", change(item, 6, "sale"));
        await().atMost(PATIENCE).until(() -> deadFor(item).size() == 1);
        Message m = deadFor(item).get(0);
        assertEquals("Insufficient stock for " + item + ": sale of 6 but 5 on hand", Seed001Client.errorMessage(m));
        assertEquals(InsufficientStockException.class.getName(), m.messageAttributes().get("signalbox.error.class").stringValue());
        assertEquals(5, quantity(item));
    }

    @Test
    void fiftyConcurrentSalesWithEnoughStockLeaveExactlyTheRightQuantity() throws Exception {
        String item = "ITEM-" + UUID.randomUUID();
        client.put("inventory", "Inventory Updated", change(item, 500, "restock"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 500);
        putConcurrently(item, 50, 3);
        await().atMost(PATIENCE).until(() -> quantity(item) == 350);
        assertTrue(deadFor(item).isEmpty());
    }

    @Test
    void fiftyConcurrentSalesWithTooLittleStockNeverOversell() throws Exception {
        String item = "ITEM-" + UUID.randomUUID();
        client.put("inventory", "Inventory Updated", change(item, 100, "restock"));
        await().atMost(PATIENCE).until(() -> quantity(item) == 100);
        putConcurrently(item, 50, 3);
        // floor(100 / 3) = 33 sales succeed, 17 are refused, 1 left
        await().atMost(PATIENCE).until(() -> deadFor(item).size() == 17);
        await().atMost(PATIENCE).until(() -> quantity(item) == 1);
        for (Message m : deadFor(item)) {
            assertTrue(Seed001Client.errorMessage(m).startsWith("Insufficient stock for " + item + ": sale of 3 but "),
                    Seed001Client.errorMessage(m));
        }
        await().atMost(PATIENCE).until(() -> inventoryUpdates(item).size() == 34);
        assertEquals(1, quantity(item));
    }

    @Test
    void aRedeliveredEventIsNotAppliedTwice() throws Exception {
        String item = "ITEM-" + UUID.randomUUID();
        InventoryProcessor processor = signalbox.context().getRegistry()
                .lookupByNameAndType("inventoryProcessor", InventoryProcessor.class);
        Envelope event = new EnvelopeParser(JSON).parse(JSON.writeValueAsString(Map.of("version", "0",
                "id", UUID.randomUUID().toString(), "detail-type", "Inventory Updated", "source", "inventory",
                "time", "2026-12-02T10:00:00Z", "detail", JSON.readTree(change(item, 7, "restock")))));
        OutgoingEvent first = processor.updated(event).get();
        // the publish failed, the claim was released, the event comes again: the change is not applied twice
        OutgoingEvent again = processor.updated(event).get();
        assertEquals(7, quantity(item));
        assertEquals(7, first.detail().get("quantity_on_hand").asInt());
        assertEquals(first.detail(), again.detail());
        // the change's applied-event marker: in SQLite a row beside the item (DynamoDB: the item's applied_events set)
        assertEquals(1, signalbox.dynamoDb().query(b -> b.tableName("inventory-applied-events")
                .keyConditionExpression("item_id = :i").expressionAttributeValues(Map.of(":i", AttributeValue.fromS(item))))
                .count());
        // one movement, recorded once
        List<Map<String, AttributeValue>> movements = movements(item);
        assertEquals(1, movements.size());
        assertEquals("7", movements.get(0).get("quantity").n());
        assertEquals("2026-12-02", movements.get(0).get("date").s());
    }

    private static List<Map<String, AttributeValue>> movements(String item) {
        return signalbox.dynamoDb().query(b -> b.tableName("stock-movements").keyConditionExpression("item_id = :i")
                .consistentRead(true).expressionAttributeValues(Map.of(":i", AttributeValue.fromS(item)))).items();
    }

    private static void putConcurrently(String item, int sales, int quantity) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int batch = 0; batch < sales / 10; batch++) {
                futures.add(pool.submit(() -> {
                    List<PutEventsRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        entries.add(client.entry("inventory", "Inventory Updated", change(item, quantity, "sale")));
                    }
                    return client.put(entries);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long quantity(String item) {
        Map<String, AttributeValue> row = client.item("inventory", "item_id", item);
        return row == null || !row.containsKey("quantity") ? -1 : Long.parseLong(row.get("quantity").n());
    }

    private static List<Message> deadFor(String item) {
        dead.addAll(client.drain("inventory-dlq"));
        return dead.stream().filter(m -> m.body().contains(item)).toList();
    }

    /** The details of the Inventory Update events for the item that the default bus accepted. */
    private static List<JsonNode> inventoryUpdates(String item) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = signalbox.dynamoDb().query(b -> b.tableName("event-archive")
                    .keyConditionExpression("bus = :b").exclusiveStartKey(from)
                    .expressionAttributeValues(Map.of(":b", AttributeValue.builder().s("default").build())));
            for (Map<String, AttributeValue> row : page.items()) {
                JsonNode event = JSON.readTree(row.get("event").s());
                if ("Inventory Update".equals(event.path("detail-type").asText())
                        && item.equals(event.path("detail").path("sku").asText())) {
                    found.add(event.get("detail"));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }
}
