package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link ScheduleLedger} in DynamoDB, on the shared sync client: a claim is a conditional update
 * ({@code attribute_not_exists(last_scheduled) OR last_scheduled <= time - gap}) returning the old value, a release a
 * delete or update conditional on the claimed time.
 */
public final class DynamoDbScheduleLedger implements ScheduleLedger {

    private static final String KEY = "rule_name";
    private static final String LAST = "last_scheduled";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbScheduleLedger(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public String table() {
        return table;
    }

    @Override
    public Optional<Instant> last(String rule) {
        Map<String, AttributeValue> item;
        try {
            item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(KEY, AttributeValue.fromS(rule)))).item();
        } catch (ResourceNotFoundException e) {
            throw new IllegalStateException("Scheduled rules need the DynamoDB table " + table + " (key " + KEY
                    + ", signalbox.schedules.table), which does not exist: declare it in resources.yaml", e);
        }
        if (item == null || !item.containsKey(LAST)) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Long.parseLong(item.get(LAST).n())));
    }

    @Override
    public Optional<Claim> claim(String rule, Instant time, Duration gap) {
        try {
            UpdateItemResponse response = dynamoDb.updateItem(b -> b.tableName(table)
                    .key(Map.of(KEY, AttributeValue.fromS(rule)))
                    .updateExpression("SET #last = :t, last_scheduled_time = :iso, recorded_at = :now")
                    .conditionExpression("attribute_not_exists(#last) OR #last <= :limit")
                    .expressionAttributeNames(Map.of("#last", LAST))
                    .expressionAttributeValues(Map.of(
                            ":t", number(time),
                            ":iso", AttributeValue.fromS(time.toString()),
                            ":now", AttributeValue.fromS(Instant.now().toString()),
                            ":limit", number(time.minus(gap))))
                    .returnValues(ReturnValue.UPDATED_OLD));
            AttributeValue old = response.attributes() == null ? null : response.attributes().get(LAST);
            return Optional.of(new Claim(rule, time,
                    old == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(old.n())))));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void release(Claim claim) {
        Map<String, AttributeValue> key = Map.of(KEY, AttributeValue.fromS(claim.rule()));
        try {
            if (claim.previous().isEmpty()) {
                dynamoDb.deleteItem(b -> b.tableName(table).key(key).conditionExpression("#last = :t")
                        .expressionAttributeNames(Map.of("#last", LAST))
                        .expressionAttributeValues(Map.of(":t", number(claim.time()))));
            } else {
                Instant previous = claim.previous().get();
                dynamoDb.updateItem(b -> b.tableName(table).key(key)
                        .updateExpression("SET #last = :p, last_scheduled_time = :iso")
                        .conditionExpression("#last = :t")
                        .expressionAttributeNames(Map.of("#last", LAST))
                        .expressionAttributeValues(Map.of(":p", number(previous),
                                ":iso", AttributeValue.fromS(previous.toString()), ":t", number(claim.time()))));
            }
        } catch (ConditionalCheckFailedException e) {
            // a later run holds the record: leave it
        }
    }

    private static AttributeValue number(Instant time) {
        return AttributeValue.fromN(Long.toString(time.toEpochMilli()));
    }
}
