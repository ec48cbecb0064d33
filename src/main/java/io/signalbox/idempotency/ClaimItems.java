package io.signalbox.idempotency;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/**
 * The items of {@code idempotency-keys} as plain JSON, and the claim rule over them, used by both adapters so that
 * the item contract and the rule are written once (DynamoDB states the rule as {@link DynamoDbClaimStore#CLAIM_CONDITION}).
 */
final class ClaimItems {

    static final String KEY = "idempotency_key";
    static final String STATE = "state";
    static final String LEASE_UNTIL = "lease_until";
    static final String EXPIRES_AT = "expires_at";
    static final String PROCESSING = "processing";
    static final String DONE = "done";

    private ClaimItems() {
    }

    /** A claim made at {@code nowMillis}: processing until the lease ends, forgotten after the retention. */
    static ObjectNode claim(String key, long nowMillis, Duration lease, Duration retention) {
        return Items.object().put(KEY, key).put(STATE, PROCESSING).put(LEASE_UNTIL, nowMillis + lease.toMillis())
                .put(EXPIRES_AT, nowMillis / 1000 + retention.toSeconds());
    }

    /** A confirmed claim: done, forgotten after the retention from {@code nowMillis}. */
    static ObjectNode done(String key, long nowMillis, Duration retention) {
        return Items.object().put(KEY, key).put(STATE, DONE).put(EXPIRES_AT, nowMillis / 1000 + retention.toSeconds());
    }

    /** Whether the stored item lets a new attempt claim its key: absent, expired, or processing with a lapsed lease. */
    static boolean claimable(JsonNode item, long nowMillis) {
        return item == null || expired(item, nowMillis)
                || (PROCESSING.equals(Items.text(item, STATE)) && Items.number(item, LEASE_UNTIL) < nowMillis);
    }

    /** Past its TTL ({@code expires_at} before now, in seconds, as DynamoDB's TTL and the sweeper count it). */
    static boolean expired(JsonNode item, long nowMillis) {
        JsonNode expires = item.get(EXPIRES_AT);
        return expires != null && expires.isNumber() && expires.longValue() < nowMillis / 1000;
    }

    /** What a claim meets on an item that is not claimable: done, or processing by another attempt. */
    static ClaimStore.Claim taken(JsonNode item) {
        if (DONE.equals(Items.text(item, STATE))) {
            return ClaimStore.Claim.DONE;
        }
        JsonNode lease = item.get(LEASE_UNTIL);
        return ClaimStore.Claim.inProgress(lease != null && lease.isNumber() ? Instant.ofEpochMilli(lease.longValue()) : null);
    }

    /** The state of a stored item, null when absent or expired. */
    static ClaimStore.State state(JsonNode item, long nowMillis) {
        if (item == null || expired(item, nowMillis)) {
            return null;
        }
        return DONE.equals(Items.text(item, STATE)) ? ClaimStore.State.DONE : ClaimStore.State.PROCESSING;
    }
}
