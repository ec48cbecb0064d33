package io.signalbox.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;

/**
 * {@link JobLease} on SQLite: each operation one write that reads the job's row and decides, so it is atomic
 * against every other write (one connection writes): acquire when there is no row or its {@code expires_at} has
 * passed, renew and release only with the holder's {@code token}.
 */
public final class SqlJobLease implements JobLease {

    private final SqlDatabase db;
    private final SqlTable table;
    private final String owner;
    private final Clock clock;

    /** @param owner who holds the leases this instance acquires (a host and process name), for people reading it */
    public SqlJobLease(SqlDatabase db, String table, String owner, Clock clock) {
        this.db = db;
        this.table = db.table(table);
        this.owner = owner;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> acquire(String job, Duration duration) {
        Instant now = clock.instant();
        Lease lease = new Lease(job, owner, UUID.randomUUID().toString(), now.plus(duration));
        ObjectNode item = LeaseItems.acquired(lease, now);
        return db.writeAndWait(s -> {
            ObjectNode held = table.get(s, ItemKey.of(job));
            if (held != null && !expiredBefore(held, now)) {
                return Optional.<Lease>empty();
            }
            table.put(s, item);
            return Optional.of(lease);
        });
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration duration) {
        Instant expiresAt = clock.instant().plus(duration);
        return db.writeAndWait(s -> {
            ObjectNode held = table.get(s, ItemKey.of(lease.job()));
            if (!heldWith(held, lease)) {
                return Optional.<Lease>empty();
            }
            held.put(LeaseItems.EXPIRES_AT, expiresAt.toEpochMilli());
            held.put(LeaseItems.TTL, LeaseItems.ttl(expiresAt));
            table.replace(s, held);
            return Optional.of(new Lease(lease.job(), lease.owner(), lease.token(), expiresAt));
        });
    }

    @Override
    public void release(Lease lease) {
        db.writeAndWait(s -> {
            if (heldWith(table.get(s, ItemKey.of(lease.job())), lease)) {
                table.delete(s, ItemKey.of(lease.job()));
            }
            // else another run holds it now
            return null;
        });
    }

    /** DynamoDB's {@code expires_at < :now}: false when the attribute is missing or not a number. */
    private static boolean expiredBefore(ObjectNode item, Instant now) {
        JsonNode expires = item.get(LeaseItems.EXPIRES_AT);
        return expires != null && expires.isNumber() && expires.longValue() < now.toEpochMilli();
    }

    private static boolean heldWith(ObjectNode item, Lease lease) {
        return item != null && lease.token().equals(Items.text(item, LeaseItems.TOKEN));
    }
}
