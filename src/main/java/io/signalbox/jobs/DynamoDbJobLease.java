package io.signalbox.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A lease on a job run in a DynamoDB table ({@code signalbox.jobs.lease-table}, key {@code job}), so that a
 * job never runs twice at once, in one instance or across many: a run {@link #acquire acquires} the job's
 * lease before it starts, {@link #renew renews} it while it runs longer than the lease, and
 * {@link #release releases} it at the end. A lease that is not renewed expires, so a run that died
 * (a killed process) does not block the job for ever. Writes are conditional: the one that wins holds the
 * lease. Items: {@code job}, {@code owner}, {@code token} (one per acquisition), {@code expires_at} (epoch
 * milliseconds) and {@code ttl} (epoch seconds, for DynamoDB's expiry of stale items).
 */
public final class JobLease {

    private static final String KEY = "job";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String owner;
    private final Clock clock;

    /** A held lease: {@code token} tells this acquisition from any other, by this owner or another. */
    public record Lease(String job, String owner, String token, Instant expiresAt) {
    }

    /**
     * @param owner who holds the leases this instance acquires (a host and process name), for people reading the
     *              table
     */
    public JobLease(DynamoDbClient dynamoDb, String table, String owner, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.owner = owner;
        this.clock = clock;
    }

    /** The lease on {@code job} for {@code duration}, or empty while another holds an unexpired one. */
    public Optional<Lease> acquire(String job, Duration duration) {
        Instant now = clock.instant();
        Lease lease = new Lease(job, owner, UUID.randomUUID().toString(), now.plus(duration));
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(KEY, AttributeValue.fromS(job),
                            "owner", AttributeValue.fromS(owner),
                            "token", AttributeValue.fromS(lease.token()),
                            "acquired_at", AttributeValue.fromS(now.toString()),
                            "expires_at", millis(lease.expiresAt()),
                            "ttl", seconds(lease.expiresAt().plus(Duration.ofDays(1)))))
                    .conditionExpression("attribute_not_exists(#job) OR expires_at < :now")
                    .expressionAttributeNames(Map.of("#job", KEY))
                    .expressionAttributeValues(Map.of(":now", millis(now))));
            return Optional.of(lease);
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Extends {@code lease} to {@code duration} from now; empty when it was lost (expired and taken). */
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Instant expiresAt = clock.instant().plus(duration);
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(KEY, AttributeValue.fromS(lease.job())))
                    .updateExpression("SET expires_at = :e, #ttl = :ttl")
                    .conditionExpression("#token = :token")
                    .expressionAttributeNames(Map.of("#token", "token", "#ttl", "ttl"))
                    .expressionAttributeValues(Map.of(":e", millis(expiresAt),
                            ":ttl", seconds(expiresAt.plus(Duration.ofDays(1))),
                            ":token", AttributeValue.fromS(lease.token()))));
            return Optional.of(new Lease(lease.job(), lease.owner(), lease.token(), expiresAt));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    /** Gives {@code lease} up; does nothing when it was lost meanwhile. */
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

    private static AttributeValue seconds(Instant t) {
        return AttributeValue.fromN(Long.toString(t.getEpochSecond()));
    }
}
