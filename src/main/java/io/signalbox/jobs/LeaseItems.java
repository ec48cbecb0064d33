package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.Items;

/** The item of a {@link JobLease}, the same in both engines. */
final class LeaseItems {

    static final String KEY = "job";
    static final String TOKEN = "token";
    static final String EXPIRES_AT = "expires_at";
    static final String TTL = "ttl";
    /** Stale items stay a day past their expiry, for people reading the table. */
    private static final Duration KEPT = Duration.ofDays(1);

    private LeaseItems() {
    }

    /** The item of {@code lease}, acquired at {@code now}. */
    static ObjectNode acquired(JobLease.Lease lease, Instant now) {
        ObjectNode item = Items.object();
        item.put(KEY, lease.job());
        item.put("owner", lease.owner());
        item.put(TOKEN, lease.token());
        item.put("acquired_at", now.toString());
        item.put(EXPIRES_AT, lease.expiresAt().toEpochMilli());
        item.put(TTL, ttl(lease.expiresAt()));
        return item;
    }

    /** The {@code ttl} of a lease expiring at {@code expiresAt}: epoch seconds, a day later. */
    static long ttl(Instant expiresAt) {
        return expiresAt.plus(KEPT).getEpochSecond();
    }
}
