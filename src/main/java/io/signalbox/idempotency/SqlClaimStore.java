package io.signalbox.idempotency;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlSession;
import io.signalbox.store.SqlTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClaimStore} on SQLite: each claim, confirmation and release is one write, which reads the row and decides
 * in Java ({@link ClaimItems#claimable}) on the one writer connection, so concurrent claims of a key are serialised
 * and exactly one wins; the writer commits concurrent writes together (group commit), so no batching of its own.
 *
 * <p>The database belongs to one process (its lock file keeps others out), so a key found {@code processing} when
 * this store starts was claimed by a process that died before finishing: {@link #start} releases every such claim
 * (once per store, in one write), and the redeliveries of the crash are processed at once instead of waiting out the
 * lease. The lease still covers this process's own attempts (a redelivery while the first attempt runs).
 */
public final class SqlClaimStore implements ClaimStore {

    private static final Logger LOG = LoggerFactory.getLogger(SqlClaimStore.class);

    private final SqlDatabase db;
    private final SqlTable table;
    private final Duration retention;
    private final Duration lease;
    private final Clock clock;
    private final String releaseProcessing;
    private final AtomicBoolean started = new AtomicBoolean();

    public SqlClaimStore(SqlDatabase db, String table, Duration retention, Duration lease, Clock clock) {
        this.db = db;
        this.table = db.table(table);
        this.retention = retention;
        this.lease = lease;
        this.clock = clock;
        // SQLite's json_extract (MySQL has it too; PostgreSQL would say item::json->>'state'); a scan, once per start
        this.releaseProcessing = "DELETE FROM \"" + table.replace("\"", "\"\"") + "\" WHERE json_extract(item, '$."
                + ClaimItems.STATE + "') = '" + ClaimItems.PROCESSING + "'";
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public Claim claim(String key) {
        return db.writeAndWait(s -> {
            long now = clock.millis();
            ObjectNode claim = ClaimItems.claim(key, now, lease, retention);
            // a new key, by far the most common: one statement
            if (table.insertIfAbsent(s, claim)) {
                return Claim.claimed(now + lease.toMillis());
            }
            ObjectNode existing = table.get(s, ItemKey.of(key));
            if (!ClaimItems.claimable(existing, now)) {
                return ClaimItems.taken(existing);
            }
            table.put(s, claim);
            return Claim.claimed(now + lease.toMillis());
        });
    }

    @Override
    public boolean confirm(String key) {
        return db.writeAndWait(s -> markDone(s, key));
    }

    /** One write, not waited for: the writer commits it with the next ones. */
    @Override
    public void confirmLater(String key) {
        db.write(s -> markDone(s, key)).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("Could not confirm idempotency key {} in {} ({}); it stays claimed until its lease ends",
                        key, table.name(), error.getMessage());
            }
        });
    }

    /** Only a key still claimed: a key released meanwhile (its event was dead-lettered) stays released. */
    private boolean markDone(SqlSession s, String key) throws SQLException {
        return table.replace(s, ClaimItems.done(key, clock.millis(), retention));
    }

    @Override
    public void release(String key) {
        db.writeAndWait(s -> table.delete(s, ItemKey.of(key)));
    }

    @Override
    public State state(String key) {
        return ClaimItems.state(db.read(s -> table.get(s, ItemKey.of(key))), clock.millis());
    }

    /** The first start releases the claims a previous process left processing (see the class comment). */
    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            int released = releaseAbandoned();
            if (released > 0) {
                LOG.info("Released {} idempotency claims a previous run left in progress in {}: their events are "
                        + "processed when they are delivered again", released, table.name());
            }
        }
    }

    /** Deletes every claim in progress; answers how many. Only for claims no live attempt holds. */
    int releaseAbandoned() {
        return db.writeAndWait(s -> {
            PreparedStatement statement = s.prepare(releaseProcessing);
            return statement.executeUpdate();
        });
    }
}
