package io.signalbox.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.signalbox.store.DynamoItems;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link JobLease} in DynamoDB, on the shared sync client: every write conditional, so the one that wins holds the
 * lease: a put if there is no item or its {@code expires_at} has passed, an update or delete on the holder's
 * {@code token}.
 */
public final class DynamoDbJobLease implements JobLease {

    private static final String KEY = "job";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String owner;
    private final Clock clock;

    /**
     * @param owner who holds the leases this instance acquires (a host and process name), for people reading the
     *              table
     */
    public DynamoDbJobLease(DynamoDbClient dynamoDb, String table, String owner, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.owner = owner;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> acquire(String job, Duration duration) {
        Instant now = clock.instant();
        Lease lease = new Lease(job, owner, UUID.randomUUID().toString(), now.plus(duration));
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(DynamoItems.attributes(LeaseItems.acquired(lease, now)))
                    .conditionExpression("attribute_not_exists(#job) OR expires_at < :now")
                    .expressionAttributeNames(Map.of("#job", KEY))
                    .expressionAttributeValues(Map.of(":now", millis(now))));
            return Optional.of(lease);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Instant expiresAt = clock.instant().plus(duration);
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(lease.job())))
                    .updateExpression("SET expires_at = :e, #ttl = :ttl")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", "token", "#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":e", millis(expiresAt),
                            ":ttl", AttributeValue.fromN(Long.toString(LeaseItems.ttl(expiresAt))),
                            ":token", AttributeValue.fromS(lease.token()))));
            return Optional.of(new Lease(lease.job(), lease.owner(), lease.token(), expiresAt));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(lease.job())))
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", "token"))
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(lease.token()))));
        } catch (ConditionalCheckFailedException e) {
            // another run holds it now
        }
    }

    private static AttributeValue millis(Instant t) {
        return AttributeValue.fromN(Long.toString(t.toEpochMilli()));
    }
}
