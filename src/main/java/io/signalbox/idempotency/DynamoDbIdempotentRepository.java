package io.signalbox.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * Camel {@link IdempotentRepository} on a DynamoDB table, shared by every Signalbox instance.
 *
 * <p>{@link #add} claims a key with a conditional put: it succeeds only if the key is absent, expired (its
 * TTL passed but DynamoDB has not deleted it yet), or held by an attempt whose lease ran out (an instance
 * that crashed mid-processing). Two concurrent deliveries of one event race on the same condition, so only
 * one takes effect. {@link #confirm} marks the key done; {@link #remove} (processing failed) deletes it so a
 * redelivery is processed. Items carry a TTL attribute so DynamoDB forgets keys after the retention.
 */
public final class DynamoDbIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String KEY = "idempotency_key";
    static final String STATE = "state";
    static final String LEASE_UNTIL = "lease_until";
    static final String EXPIRES_AT = "expires_at";
    static final String PROCESSING = "processing";
    static final String DONE = "done";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;

    /**
     * @param retention how long a processed key is remembered (TTL; 24 h by default)
     * @param lease     how long an unconfirmed claim blocks other deliveries; longer than a processing attempt
     *                  and its redeliveries, so only a crashed attempt's claim is taken over
     */
    public DynamoDbIdempotentRepository(DynamoDbClient dynamoDb, String table, Duration retention, Duration lease,
            Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
    }

    public String table() {
        return table;
    }

    @Override
    public boolean add(String key) {
        long nowMillis = clock.millis();
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, s(key), STATE, s(PROCESSING),
                            LEASE_UNTIL, n(nowMillis + lease.toMillis()),
                            EXPIRES_AT, n(nowMillis / 1000 + retention.toSeconds())))
                    .conditionExpression("attribute_not_exists(#k) OR #e < :nowSeconds OR (#s = :processing AND #l < :nowMillis)")
                    .expressionAttributeNames(Map.of("#k", KEY, "#e", EXPIRES_AT, "#s", STATE, "#l", LEASE_UNTIL))
                    .expressionAttributeValues(Map.of(":nowSeconds", n(nowMillis / 1000), ":processing", s(PROCESSING),
                            ":nowMillis", n(nowMillis))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        GetItemResponse item = dynamoDb.getItem(b -> b.tableName(table).key(Map.of(KEY, s(key))).consistentRead(true));
        if (!item.hasItem()) {
            return false;
        }
        AttributeValue expires = item.item().get(EXPIRES_AT);
        return expires == null || Long.parseLong(expires.n()) >= clock.millis() / 1000;
    }

    @Override
    public boolean remove(String key) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(KEY, s(key))));
        return true;
    }

    @Override
    public boolean confirm(String key) {
        try {
            // only a key still claimed: a key removed meanwhile (the event was dead-lettered) stays removed
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, s(key)))
                    .updateExpression("SET #s = :done REMOVE #l")
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#s", STATE, "#l", LEASE_UNTIL, "#k", KEY))
                    .expressionAttributeValues(Map.of(":done", s(DONE))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("Clearing the shared idempotency table " + table
                + " is not supported: delete the table's items with the AWS CLI if you must");
    }

    @Override
    protected void doStart() {
    }

    @Override
    protected void doStop() {
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }
}
