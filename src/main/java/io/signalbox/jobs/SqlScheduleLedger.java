package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlTable;
import io.signalbox.store.UnknownTableException;

/**
 * {@link ScheduleLedger} on SQLite: a claim and a release are each one write that reads the rule's row and decides
 * (atomic against every other write: one connection writes), with the conditions of the DynamoDB adapter.
 */
public final class SqlScheduleLedger implements ScheduleLedger {

    private static final String KEY = "rule_name";
    private static final String LAST = "last_scheduled";
    private static final String LAST_TIME = "last_scheduled_time";

    private final SqlDatabase db;
    private final SqlTable table;

    public SqlScheduleLedger(SqlDatabase db, String table) {
        this.db = db;
        try {
            this.table = db.table(table);
        } catch (UnknownTableException e) {
            throw new IllegalStateException("Scheduled rules need the table " + table + " (key " + KEY
                    + ", signalbox.schedules.table), which is not declared: declare it in resources.yaml", e);
        }
    }

    @Override
    public String table() {
        return table.name();
    }

    @Override
    public Optional<Instant> last(String rule) {
        ObjectNode item = db.read(s -> table.get(s, ItemKey.of(rule)));
        JsonNode last = item == null ? null : item.get(LAST);
        return last == null || !last.isNumber() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last.longValue()));
    }

    @Override
    public Optional<Claim> claim(String rule, Instant time, Duration gap) {
        long limit = time.minus(gap).toEpochMilli();
        String now = Instant.now().toString();
        return db.writeAndWait(s -> {
            ObjectNode item = table.get(s, ItemKey.of(rule));
            JsonNode last = item == null ? null : item.get(LAST);
            // DynamoDB's attribute_not_exists(last_scheduled) OR last_scheduled <= :limit
            if (last != null && !(last.isNumber() && last.longValue() <= limit)) {
                return Optional.<Claim>empty();
            }
            Optional<Instant> previous = last == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(last.longValue()));
            ObjectNode claimed = item != null ? item : Items.object().put(KEY, rule);
            claimed.put(LAST, time.toEpochMilli());
            claimed.put(LAST_TIME, time.toString());
            claimed.put("recorded_at", now);
            table.put(s, claimed);
            return Optional.of(new Claim(rule, time, previous));
        });
    }

    @Override
    public void release(Claim claim) {
        db.writeAndWait(s -> {
            ObjectNode item = table.get(s, ItemKey.of(claim.rule()));
            JsonNode last = item == null ? null : item.get(LAST);
            if (last == null || !last.isNumber() || last.longValue() != claim.time().toEpochMilli()) {
                // a later run holds the record: leave it
                return null;
            }
            if (claim.previous().isEmpty()) {
                table.delete(s, ItemKey.of(claim.rule()));
            } else {
                Instant previous = claim.previous().get();
                item.put(LAST, previous.toEpochMilli());
                item.put(LAST_TIME, previous.toString());
                table.replace(s, item);
            }
            return null;
        });
    }
}
