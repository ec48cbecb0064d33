package io.signalbox.idempotency;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClaimStore} on SQLite. The database belongs to one process (its lock file keeps others out), so a claim in
 * progress only matters while that process lives: a crash forgets it, and the crash's redeliveries are processed at
 * once. The claims in progress are therefore kept in memory, in one map per table shared by every store on the
 * database ({@link SqlDatabase#shared}), where a claim is one atomic {@code putIfAbsent}: concurrent claims of a key
 * have one winner, a claim held within its lease is {@code IN_PROGRESS}, a lapsed one is taken over. What must outlive
 * the process is the key of every event processed: a confirmation writes the key {@code done} into the table (with
 * its TTL), and until that write has committed the map keeps answering {@code DONE}. A key not in the map is looked
 * up in the table on a reader, off the writer.
 *
 * <p>So a claim costs the writer nothing and its caller one read; a confirmation is one write, which the writer
 * commits with others. A confirmation lost with the process (written off the path, {@link #confirmLater}) leaves the
 * event to be processed again if it is delivered again, as a lapsed claim would.
 */
public final class SqlClaimStore implements ClaimStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqlClaimStore.class);

    /** A key in flight: claimed until {@code leaseUntil}, or confirmed and being written ({@code done}). */
    private record InFlight(boolean done, long leaseUntil) {
    }

    private final SqlDatabase db;
    private final SqlTable table;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;
    private final Map<String, InFlight> inFlight;
    private final String releaseProcessing;
    private final AtomicBoolean started = new AtomicBoolean();

    public SqlClaimStore(SqlDatabase db, String table, Duration retention, Duration lease, Clock clock) {
        this.db = db;
        this.table = db.table(table);
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
        this.inFlight = db.shared("claims in flight of " + table, ConcurrentHashMap::new);
        // rows a version that wrote claims in progress may have left (SQLite's json_extract; PostgreSQL would say
        // item::json->>'state'); a scan, once per start
        this.releaseProcessing = "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE json_extract(item, '$."
                + ClaimItems.STATE + "') = '" + ClaimItems.PROCESSING + "'";
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public Claim claim(String key) {
        while (true) {
            long now = clock.millis();
            InFlight mine = new InFlight(false, now + lease.toMillis());
            InFlight held = inFlight.putIfAbsent(key, mine);
            if (held == null) {
                // ours in memory; the table may know the key as processed already (by an earlier run, or confirmed
                // and written since)
                ObjectNode stored = db.read(s -> table.get(s, ItemKey.of(key)));
                if (stored != null && !ClaimItems.claimable(stored, now)) {
                    inFlight.remove(key, mine);
                    return ClaimItems.taken(stored);
                }
                return Claim.claimed(mine.leaseUntil());
            }
            if (held.done()) {
                return Claim.DONE;
            }
            if (held.leaseUntil() >= now) {
                return Claim.inProgress(Instant.ofEpochMilli(held.leaseUntil()));
            }
            // the attempt that claimed it let its lease lapse: take over, unless another attempt just did
            if (inFlight.replace(key, held, mine)) {
                return Claim.claimed(mine.leaseUntil());
            }
        }
    }

    @Override
    public boolean confirm(String key) {
        InFlight done = markDone(key);
        if (done == null) {
            return false;
        }
        try {
            db.writeAndWait(s -> {
                table.put(s, ClaimItems.done(key, clock.millis(), retention));
                return null;
            });
        } catch (RuntimeException e) {
            // still done in memory: a delivery of this process meets it; only a restart would forget it
            LOG.warn("Could not write the confirmation of idempotency key {} to {}: {}", key, table.name(), e.getMessage());
            return true;
        }
        inFlight.remove(key, done);
        return true;
    }

    /** One write, not waited for: the writer commits it with the next ones; the key is done in memory meanwhile. */
    @Override
    public void confirmLater(String key) {
        InFlight done = markDone(key);
        if (done == null) {
            return;
        }
        db.write(s -> {
            table.put(s, ClaimItems.done(key, clock.millis(), retention));
            return null;
        }).whenComplete((v, error) -> {
            if (error != null) {
                LOG.warn("Could not write the confirmation of idempotency key {} to {} ({}); it is done in this "
                        + "process until it stops", key, table.name(), error.getMessage());
            } else {
                inFlight.remove(key, done);
            }
        });
    }

    /** The key's claim marked done; null when it is not claimed (released meanwhile: it stays released). */
    private InFlight markDone(String key) {
        InFlight claimed = inFlight.get(key);
        if (claimed == null || claimed.done()) {
            return claimed;
        }
        InFlight done = new InFlight(true, claimed.leaseUntil());
        return inFlight.replace(key, claimed, done) ? done : markDone(key);
    }

    /** Forgets the claim in memory and deletes what the table holds of the key (a write not waited for). */
    @Override
    public void release(String key) {
        InFlight claimed = inFlight.get(key);
        if (claimed != null && !claimed.done()) {
            inFlight.remove(key, claimed);
        }
        db.write(s -> table.delete(s, ItemKey.of(key)));
    }

    @Override
    public State state(String key) {
        InFlight held = inFlight.get(key);
        if (held != null) {
            return held.done() ? State.DONE : State.PROCESSING;
        }
        return ClaimItems.state(db.read(s -> table.get(s, ItemKey.of(key))), clock.millis());
    }

    /** The first start deletes claims in progress that an earlier version wrote into the table (see above). */
    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            int released = db.writeAndWait(s -> {
                PreparedStatement statement = s.prepare(releaseProcessing);
                return statement.executeUpdate();
            });
            if (released > 0) {
                LOG.info("Released {} idempotency claims a previous run left in progress in {}: their events are "
                        + "processed when they are delivered again", released, table.name());
            }
        }
    }
}
