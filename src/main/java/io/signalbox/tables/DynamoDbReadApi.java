package io.signalbox.tables;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.bus.ApiResponse;
import io.signalbox.bus.AwsJsonApi;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.DynamoItems;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.Page;
import io.signalbox.store.Tables;
import io.signalbox.store.UnknownTableException;

/**
 * DynamoDB's read-only operations (JSON 1.0, {@code X-Amz-Target: DynamoDB_20120810.<Operation>}) over the local
 * tables, so the AWS CLI and SDKs read a local Signalbox's state with {@code --endpoint-url} alone:
 * ListTables, DescribeTable, DescribeTimeToLive, Scan ({@code Limit}, {@code ExclusiveStartKey}, {@code Select}), GetItem and Query
 * (a {@code KeyConditionExpression}, {@code ScanIndexForward}, {@code Limit}, {@code ExclusiveStartKey}), with
 * {@code ProjectionExpression} of top-level attributes. Items are answered in DynamoDB's attribute-value form
 * ({@link DynamoItems#wire}). Everything else — writes, filter expressions, indexes, parallel scans — is refused
 * with a {@code ValidationException} naming what the local API does not do: state changes through events.
 */
public final class DynamoDbReadApi implements AwsJsonApi {

    static final String PREFIX = "DynamoDB_20120810.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.0";
    /** Items a Scan or Query page holds when the request names no Limit (DynamoDB stops at 1 MB). */
    static final int DEFAULT_PAGE = 1000;
    private static final String ERROR_PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems", "CreateTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive",
            "ExecuteStatement", "BatchExecuteStatement", "ExecuteTransaction", "RestoreTableFromBackup");

    private final Tables tables;
    private final ObjectMapper mapper;
    private final String region;
    private final String account;
    private final Instant created = Instant.now();

    public DynamoDbReadApi(Tables tables, ObjectMapper mapper, String region, String account) {
        this.tables = tables;
        this.mapper = mapper;
        this.region = region;
        this.account = account;
    }

    @Override
    public String targetPrefix() {
        return PREFIX;
    }

    @Override
    public CompletableFuture<ApiResponse> handle(String target, byte[] body) {
        String operation = target.substring(PREFIX.length());
        try {
            JsonNode request = body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
            if (!request.isObject()) {
                return done(error(400, "SerializationException", "The request body is not a JSON object"));
            }
            ObjectNode answer = switch (operation) {
                case "ListTables" -> listTables(request);
                case "DescribeTable" -> describeTable(request);
                case "DescribeTimeToLive" -> describeTimeToLive(request);
                case "GetItem" -> getItem(request);
                case "Scan" -> scan(request);
                case "Query" -> query(request);
                case "BatchGetItem" -> throw new IllegalArgumentException("BatchGetItem is not supported by the local "
                        + "DynamoDB API: use GetItem per key");
                default -> {
                    if (WRITES.contains(operation)) {
                        throw new IllegalArgumentException(operation + " is not supported: Signalbox's local DynamoDB "
                                + "API is read-only (ListTables, DescribeTable, DescribeTimeToLive, Scan, GetItem, Query); its state "
                                + "changes through events");
                    }
                    yield null;
                }
            };
            if (answer == null) {
                return done(error(400, "UnknownOperationException", "Operation " + target + " is not supported: the "
                        + "local DynamoDB API serves ListTables, DescribeTable, Scan, GetItem and Query"));
            }
            return done(new ApiResponse(200, null, Items.write(answer), CONTENT_TYPE));
        } catch (IOException e) {
            return done(error(400, "SerializationException", "The request body is not JSON: " + e.getMessage()));
        } catch (UnknownTableException e) {
            return done(error(400, "ResourceNotFoundException", "Requested resource not found: Table: " + e.table()
                    + " not found"));
        } catch (IllegalArgumentException e) {
            return done(error(400, "ValidationException", e.getMessage()));
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return done(error(500, "InternalServerError", String.valueOf(cause.getMessage())));
        } catch (RuntimeException e) {
            return done(error(500, "InternalServerError", String.valueOf(e.getMessage())));
        }
    }

    private ObjectNode listTables(JsonNode request) {
        int limit = request.has("Limit") ? limit(request.get("Limit"), 100) : 100;
        String after = text(request, "ExclusiveStartTableName");
        List<String> names = tables.tables().stream().map(ResourceDeclarations.Table::name).sorted()
                .filter(n -> after == null || n.compareTo(after) > 0).toList();
        ObjectNode answer = Items.object();
        ArrayNode list = answer.putArray("TableNames");
        names.stream().limit(limit).forEach(list::add);
        if (names.size() > limit) {
            answer.put("LastEvaluatedTableName", names.get(limit - 1));
        }
        return answer;
    }

    private ObjectNode describeTable(JsonNode request) {
        ResourceDeclarations.Table t = table(request);
        ObjectNode table = Items.object();
        table.put("TableName", t.name());
        table.put("TableStatus", "ACTIVE");
        table.put("TableArn", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + t.name());
        table.put("CreationDateTime", created.getEpochSecond());
        ArrayNode keys = table.putArray("KeySchema");
        keys.addObject().put("AttributeName", t.partitionKey()).put("KeyType", "HASH");
        ArrayNode attributes = table.putArray("AttributeDefinitions");
        attributes.addObject().put("AttributeName", t.partitionKey()).put("AttributeType", "S");
        if (t.sortKey() != null) {
            keys.addObject().put("AttributeName", t.sortKey()).put("KeyType", "RANGE");
            attributes.addObject().put("AttributeName", t.sortKey()).put("AttributeType", "S");
        }
        table.put("ItemCount", tables.count(t.name()).join());
        table.put("TableSizeBytes", 0);
        table.putObject("BillingModeSummary").put("BillingMode", "PAY_PER_REQUEST");
        ObjectNode answer = Items.object();
        answer.set("Table", table);
        return answer;
    }

    /** The TTL attribute of resources.yaml: its rows are deleted after that time (SqlDatabase's sweeper). */
    private ObjectNode describeTimeToLive(JsonNode request) {
        ResourceDeclarations.Table t = table(request);
        ObjectNode answer = Items.object();
        ObjectNode ttl = answer.putObject("TimeToLiveDescription");
        if (t.ttlAttribute() == null) {
            ttl.put("TimeToLiveStatus", "DISABLED");
        } else {
            ttl.put("TimeToLiveStatus", "ENABLED").put("AttributeName", t.ttlAttribute());
        }
        return answer;
    }

    private ObjectNode getItem(JsonNode request) {
        ResourceDeclarations.Table t = table(request);
        refuse(request, "AttributesToGet", "ExpressionAttributeValues");
        ItemKey key = key(t, request.get("Key"), "Key");
        ObjectNode item = tables.get(t.name(), key).join();
        ObjectNode answer = Items.object();
        if (item != null) {
            answer.set("Item", DynamoItems.wire(project(item, request)));
        }
        return answer;
    }

    private ObjectNode scan(JsonNode request) {
        ResourceDeclarations.Table t = table(request);
        refuse(request, "FilterExpression", "ScanFilter", "IndexName", "Segment", "TotalSegments", "AttributesToGet",
                "ConditionalOperator", "ExpressionAttributeValues");
        int limit = request.has("Limit") ? limit(request.get("Limit"), Integer.MAX_VALUE) : DEFAULT_PAGE;
        ItemKey start = request.hasNonNull("ExclusiveStartKey") ? key(t, request.get("ExclusiveStartKey"), "ExclusiveStartKey")
                : null;
        return page(t, tables.scan(t.name(), Math.min(limit, DEFAULT_PAGE), start).join(), request);
    }

    private ObjectNode query(JsonNode request) {
        ResourceDeclarations.Table t = table(request);
        refuse(request, "FilterExpression", "QueryFilter", "KeyConditions", "IndexName", "AttributesToGet",
                "ConditionalOperator");
        Map<String, String> names = names(request);
        Map<String, JsonNode> values = new HashMap<>();
        JsonNode v = request.get("ExpressionAttributeValues");
        if (v != null) {
            v.fields().forEachRemaining(f -> values.put(f.getKey(), DynamoItems.fromWire(f.getValue())));
        }
        KeyCondition condition = KeyCondition.parse(text(request, "KeyConditionExpression"), t, names, values);
        int limit = request.has("Limit") ? limit(request.get("Limit"), Integer.MAX_VALUE) : DEFAULT_PAGE;
        ItemKey start = request.hasNonNull("ExclusiveStartKey") ? key(t, request.get("ExclusiveStartKey"), "ExclusiveStartKey")
                : null;
        boolean forward = !request.has("ScanIndexForward") || request.get("ScanIndexForward").asBoolean(true);
        return page(t, tables.query(t.name(), condition.partition(), condition.sort(), Math.min(limit, DEFAULT_PAGE),
                start, forward).join(), request);
    }

    private ObjectNode page(ResourceDeclarations.Table t, Page page, JsonNode request) {
        String select = text(request, "Select");
        if (select != null && !select.equals("ALL_ATTRIBUTES") && !select.equals("COUNT")
                && !select.equals("SPECIFIC_ATTRIBUTES")) {
            throw new IllegalArgumentException("Select " + select + " is not supported by the local DynamoDB API "
                    + "(ALL_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT are)");
        }
        ObjectNode answer = Items.object();
        if (!"COUNT".equals(select)) {
            ArrayNode items = answer.putArray("Items");
            page.items().forEach(item -> items.add(DynamoItems.wire(project(item, request))));
        }
        answer.put("Count", page.items().size());
        answer.put("ScannedCount", page.items().size());
        if (page.next() != null) {
            ObjectNode last = Items.object().put(t.partitionKey(), page.next().partition());
            if (t.sortKey() != null) {
                last.put(t.sortKey(), page.next().sort());
            }
            answer.set("LastEvaluatedKey", DynamoItems.wire(last));
        }
        return answer;
    }

    /** The item with only the top-level attributes of ProjectionExpression (all without one). */
    private ObjectNode project(ObjectNode item, JsonNode request) {
        String projection = text(request, "ProjectionExpression");
        if (projection == null || projection.isBlank()) {
            return item;
        }
        Map<String, String> names = names(request);
        Set<String> wanted = new LinkedHashSet<>();
        for (String token : projection.split(",")) {
            String name = token.trim();
            if (name.contains(".") || name.contains("[")) {
                throw new IllegalArgumentException("ProjectionExpression '" + projection + "': the local DynamoDB API "
                        + "projects top-level attributes only, not " + name);
            }
            if (name.startsWith("#")) {
                String real = names.get(name);
                if (real == null) {
                    throw new IllegalArgumentException("ExpressionAttributeNames has no " + name);
                }
                name = real;
            }
            wanted.add(name);
        }
        ObjectNode projected = Items.object();
        for (String name : wanted) {
            if (item.has(name)) {
                projected.set(name, item.get(name));
            }
        }
        return projected;
    }

    private ResourceDeclarations.Table table(JsonNode request) {
        String name = text(request, "TableName");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("TableName is required");
        }
        return tables.table(name);
    }

    private static ItemKey key(ResourceDeclarations.Table t, JsonNode key, String parameter) {
        if (key == null || !key.isObject()) {
            throw new IllegalArgumentException(parameter + " is required: the key attributes of " + t.name() + " ("
                    + t.partitionKey() + (t.sortKey() == null ? "" : ", " + t.sortKey()) + ")");
        }
        String p = keyPart(t, key, t.partitionKey(), parameter);
        String s = t.sortKey() == null ? null : keyPart(t, key, t.sortKey(), parameter);
        int expected = t.sortKey() == null ? 1 : 2;
        if (key.size() != expected) {
            throw new IllegalArgumentException("The provided key element does not match the schema: " + parameter
                    + " must hold exactly " + t.partitionKey() + (t.sortKey() == null ? "" : " and " + t.sortKey()));
        }
        return ItemKey.of(p, s);
    }

    private static String keyPart(ResourceDeclarations.Table t, JsonNode key, String attribute, String parameter) {
        JsonNode v = key.get(attribute);
        if (v == null || !v.has("S")) {
            throw new IllegalArgumentException("The provided key element does not match the schema: " + parameter
                    + " needs " + attribute + " as a string (S) for table " + t.name());
        }
        return v.get("S").asText();
    }

    private static Map<String, String> names(JsonNode request) {
        Map<String, String> names = new HashMap<>();
        JsonNode n = request.get("ExpressionAttributeNames");
        if (n != null) {
            n.fields().forEachRemaining(f -> names.put(f.getKey(), f.getValue().asText()));
        }
        return names;
    }

    private static void refuse(JsonNode request, String... parameters) {
        for (String p : parameters) {
            if (request.hasNonNull(p)) {
                throw new IllegalArgumentException(p + " is not supported by Signalbox's local DynamoDB API (it reads "
                        + "whole tables and key ranges; filter the answer yourself, e.g. with the CLI's --query)");
            }
        }
    }

    private static int limit(JsonNode limit, int max) {
        if (limit == null || !limit.isIntegralNumber() || limit.intValue() < 1) {
            throw new IllegalArgumentException("Limit must be a whole number of at least 1, not " + limit);
        }
        return Math.min(limit.intValue(), max);
    }

    private static String text(JsonNode request, String field) {
        JsonNode v = request.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static ApiResponse error(int status, String type, String message) {
        ObjectNode body = Items.object().put("__type", ERROR_PREFIX + type).put("message", message);
        return new ApiResponse(status, type, Items.write(body), CONTENT_TYPE);
    }

    private static CompletableFuture<ApiResponse> done(ApiResponse response) {
        return CompletableFuture.completedFuture(response);
    }
}
