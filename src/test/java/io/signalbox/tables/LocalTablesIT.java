package io.signalbox.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;
import io.signalbox.store.Tables;
import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The local way to look at state, on a running Signalbox whose state is in SQLite: the AWS SDK's DynamoDB client,
 * pointed at Signalbox's API endpoint and unchanged otherwise (ListTables, DescribeTable, Scan in pages, GetItem,
 * Query with key conditions; writes and filters refused by name), and the admin table API.
 */
class LocalTablesIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path home;
    static SignalboxInstance signalbox;
    static DynamoDbClient dynamoDb;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home).with("signalbox.ingest.queues", "").start();
        dynamoDb = DynamoDbClient.builder().endpointOverride(signalbox.httpEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        Tables tables = signalbox.context().getRegistry().lookupByNameAndType("tables", Tables.class);
        for (int i = 1; i <= 12; i++) {
            ObjectNode order = Items.object().put("order_id", String.format("ORD-%03d", i)).put("customer_id", "CUST-1")
                    .put("total", new BigDecimal("59.98")).put("status", "created");
            order.putArray("items").addObject().put("item_id", "ITEM-001").put("quantity", 2)
                    .put("price", new BigDecimal("29.99"));
            tables.put("orders", order).join();
        }
        for (String key : List.of("2024-01-15T09:00:00Z#a", "2024-01-15T10:00:00Z#b", "2024-01-15T11:00:00Z#c")) {
            tables.put("event-archive", Items.object().put("bus", "custom-event-bus").put("archived", key)
                    .put("event", "{}").put("expires_at", 4102444800L)).join();
        }
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
        signalbox.close();
    }

    @Test
    void listTablesAndDescribeTableAnswerEveryDeclaredTable() {
        List<String> names = dynamoDb.listTables().tableNames();
        assertTrue(names.containsAll(List.of("orders", "inventory", "event-archive", "idempotency-keys")), names.toString());
        TableDescription orders = dynamoDb.describeTable(b -> b.tableName("orders")).table();
        assertEquals(12L, orders.itemCount());
        assertEquals("order_id", orders.keySchema().get(0).attributeName());
        assertEquals(KeyType.HASH, orders.keySchema().get(0).keyType());
        TableDescription archive = dynamoDb.describeTable(b -> b.tableName("event-archive")).table();
        assertEquals("archived", archive.keySchema().get(1).attributeName());
    }

    @Test
    void aScanInPagesOfTheCliSLimitReadsEveryItemWithItsTypes() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        // the SDK follows LastEvaluatedKey, as the CLI does for `aws dynamodb scan --limit 10`
        dynamoDb.scanPaginator(b -> b.tableName("orders").limit(5)).items().forEach(items::add);
        assertEquals(12, items.size());
        Map<String, AttributeValue> first = items.get(0);
        assertEquals("ORD-001", first.get("order_id").s());
        assertEquals("59.98", first.get("total").n());
        assertEquals("2", first.get("items").l().get(0).m().get("quantity").n());
        assertEquals("29.99", first.get("items").l().get(0).m().get("price").n());
        assertEquals(10, dynamoDb.scan(b -> b.tableName("orders").limit(10)).count());
    }

    @Test
    void getItemAnswersTheItemOrNothing() {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName("orders")
                .key(Map.of("order_id", AttributeValue.fromS("ORD-007")))).item();
        assertEquals("CUST-1", item.get("customer_id").s());
        assertFalse(dynamoDb.getItem(b -> b.tableName("orders")
                .key(Map.of("order_id", AttributeValue.fromS("ORD-999")))).hasItem());
        assertEquals(Map.of("status", AttributeValue.fromS("created")), dynamoDb.getItem(b -> b.tableName("orders")
                .key(Map.of("order_id", AttributeValue.fromS("ORD-007"))).projectionExpression("#s")
                .expressionAttributeNames(Map.of("#s", "status"))).item());
    }

    @Test
    void aQueryReadsTheKeyRangeInEitherOrder() {
        QueryResponse window = dynamoDb.query(b -> b.tableName("event-archive")
                .keyConditionExpression("#b = :b AND archived BETWEEN :from AND :to")
                .expressionAttributeNames(Map.of("#b", "bus"))
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS("custom-event-bus"),
                        ":from", AttributeValue.fromS("2024-01-15T09:30:00Z"), ":to", AttributeValue.fromS("2024-01-15T12:00:00Z")))
                .scanIndexForward(false));
        assertEquals(List.of("2024-01-15T11:00:00Z#c", "2024-01-15T10:00:00Z#b"),
                window.items().stream().map(i -> i.get("archived").s()).toList());
        assertEquals(3, dynamoDb.query(b -> b.tableName("event-archive").keyConditionExpression("bus = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS("custom-event-bus")))).count());
        assertEquals(1, dynamoDb.query(b -> b.tableName("event-archive")
                .keyConditionExpression("begins_with(archived, :p) AND bus = :b")
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS("custom-event-bus"),
                        ":p", AttributeValue.fromS("2024-01-15T10")))).count());
    }

    @Test
    void writesFiltersAndUnknownTablesAreRefusedByName() {
        DynamoDbException put = assertThrows(DynamoDbException.class, () -> dynamoDb.putItem(b -> b.tableName("orders")
                .item(Map.of("order_id", AttributeValue.fromS("X")))));
        assertEquals("ValidationException", put.awsErrorDetails().errorCode());
        assertTrue(put.awsErrorDetails().errorMessage().contains("PutItem is not supported"), put.getMessage());
        DynamoDbException filter = assertThrows(DynamoDbException.class, () -> dynamoDb.scan(b -> b.tableName("orders")
                .filterExpression("total > :t").expressionAttributeValues(Map.of(":t", AttributeValue.fromN("1")))));
        assertEquals("ValidationException", filter.awsErrorDetails().errorCode());
        assertTrue(filter.awsErrorDetails().errorMessage().contains("FilterExpression is not supported"), filter.getMessage());
        assertThrows(ResourceNotFoundException.class, () -> dynamoDb.scan(b -> b.tableName("nope")));
    }

    @Test
    void theAdminApiListsPagesAndReadsItems() throws Exception {
        JsonNode list = get("/admin/tables", 200);
        assertEquals("sqlite", list.get("engine").asText());
        JsonNode orders = null;
        for (JsonNode t : list.get("tables")) {
            if (t.get("name").asText().equals("orders")) {
                orders = t;
            }
        }
        assertEquals(12, orders.get("items").asInt());
        assertEquals("order_id", orders.get("partition_key").asText());

        JsonNode page = get("/admin/tables/orders?limit=5", 200);
        assertEquals(5, page.get("items").size());
        assertEquals("ORD-005", page.get("next").asText());
        JsonNode rest = get("/admin/tables/orders?limit=10&start=" + page.get("next").asText(), 200);
        assertEquals(7, rest.get("items").size());
        assertEquals("ORD-006", rest.get("items").get(0).get("order_id").asText());
        assertTrue(rest.get("next").isNull());
        assertEquals(59.98, rest.get("items").get(0).get("total").asDouble());

        assertEquals("CUST-1", get("/admin/tables/orders/items/ORD-003", 200).get("customer_id").asText());
        assertEquals("2024-01-15T10:00:00Z#b", get("/admin/tables/event-archive/items/custom-event-bus/"
                + "2024-01-15T10:00:00Z%23b", 200).get("archived").asText());

        String unknown = get("/admin/tables/nope", 404).get("body").get("error").asText();
        assertTrue(unknown.startsWith("Table nope does not exist; the tables are ") && unknown.contains("orders"), unknown);
        assertEquals("No item with key ORD-999 in table orders", get("/admin/tables/orders/items/ORD-999", 404)
                .get("body").get("error").asText());
        JsonNode badLimit = get("/admin/tables/orders?limit=0", 400);
        assertEquals(400, badLimit.get("statusCode").asInt());
        assertEquals("limit must be a whole number from 1 to 1000, not '0'", badLimit.get("body").get("error").asText());
        assertTrue(get("/admin/tables/event-archive/items/custom-event-bus", 400).get("body").get("error").asText()
                .contains("keyed by bus and archived"));
    }

    private static JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(signalbox.httpEndpoint() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(null));
        JsonNode body = JSON.readTree(response.body());
        assertNull(status == 200 ? null : body.get("statusCode").asInt() == status ? null : body);
        return body;
    }
}
