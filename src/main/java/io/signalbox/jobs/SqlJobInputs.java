package io.signalbox.jobs;

import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.StockMovement;
import io.signalbox.inventory.MovementItems;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.Page;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.SqlSession;
import io.signalbox.store.SqlTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobInputs} on SQLite, on a reader connection: the orders, inventory and stock movements tables read whole
 * (one statement each), one SKU's stock by its key and its movements from its partition. The same filters as the
 * DynamoDB adapter's, so both give the same work: an order counts when its {@code created_at} text falls in the
 * window's days and parses to an instant of one of them; a movement when its {@code date} text is within the window.
 */
public final class SqlJobInputs implements JobInputs {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJobInputs.class);
    /** Movements of one SKU read to a statement. */
    private static final int PAGE = 1000;
    /** Within a day, a SKU's movements in the order of their key, as DynamoDB reads a partition. */
    private static final Comparator<StockMovement> OLDEST_FIRST = Comparator.comparing(StockMovement::date)
            .thenComparing(StockMovement::id, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final SqlDatabase db;
    private final SqlTable orders;
    private final SqlTable inventory;
    private final SqlTable movements;

    /** @param movementsTable null: no movement record (the anomaly and report jobs score none) */
    public SqlJobInputs(SqlDatabase db, String ordersTable, String inventoryTable, String movementsTable) {
        this.db = db;
        this.orders = db.table(ordersTable);
        this.inventory = db.table(inventoryTable);
        this.movements = movementsTable == null ? null : db.table(movementsTable);
    }

    @Override
    public List<SkuWork> load(LocalDate asOf, int days, String onlySku) {
        LocalDate start = asOf.minusDays(days - 1L);
        Map<String, double[]> demand = db.read(s -> demand(s, start, asOf, onlySku));
        Map<String, double[]> stock = db.read(s -> stock(s, onlySku));
        return SkuWork.of(start, days, demand, stock);
    }

    /** Daily demand per item from {@code start} to {@code end} (UTC days, both included). */
    private Map<String, double[]> demand(SqlSession session, LocalDate start, LocalDate end, String onlySku)
            throws SQLException {
        int days = (int) ChronoUnit.DAYS.between(start, end) + 1;
        // ISO-8601 instants in UTC sort as text: DynamoDB's pre-filter, the day is checked on parsing
        String from = start.toString();
        String to = end.plusDays(1).toString();
        Map<String, double[]> demand = new HashMap<>();
        int[] skipped = {0};
        orders.forEach(session, order -> {
            String createdAt = Items.text(order, "created_at");
            if (createdAt == null || createdAt.compareTo(from) < 0 || createdAt.compareTo(to) >= 0) {
                return;
            }
            int day = dayIndex(createdAt, start, days);
            if (day < 0) {
                skipped[0]++;
                return;
            }
            JsonNode lines = order.get("items");
            if (lines == null || !lines.isArray()) {
                return;
            }
            for (JsonNode line : lines) {
                String item = Items.text(line, "item_id");
                JsonNode quantity = line.get("quantity");
                if (!line.isObject() || item == null || quantity == null || !quantity.isNumber()
                        || onlySku != null && !onlySku.equals(item)) {
                    continue;
                }
                demand.computeIfAbsent(item, k -> new double[days])[day] += quantity.doubleValue();
            }
        });
        if (skipped[0] > 0) {
            LOG.warn("{} order(s) in {} have a created_at that is not an ISO-8601 instant: left out of demand",
                    skipped[0], orders.name());
        }
        return demand;
    }

    /** {on hand, on order} per item, or only {@code onlySku}'s. */
    private Map<String, double[]> stock(SqlSession session, String onlySku) throws SQLException {
        Map<String, double[]> stock = new HashMap<>();
        if (onlySku != null) {
            ObjectNode item = inventory.get(session, ItemKey.of(onlySku));
            if (item != null) {
                stock.put(onlySku, position(item));
            }
            return stock;
        }
        inventory.forEach(session, item -> {
            String id = Items.text(item, "item_id");
            if (id != null) {
                stock.put(id, position(item));
            }
        });
        return stock;
    }

    @Override
    public Map<String, List<StockMovement>> movements(LocalDate from, LocalDate to, String onlySku) {
        if (movements == null) {
            return Map.of();
        }
        String first = from.toString();
        String last = to.toString();
        Map<String, List<StockMovement>> bySku = new HashMap<>();
        java.util.function.Consumer<ObjectNode> take = item -> {
            // DynamoDB's filter: #d BETWEEN :from AND :to, on the date's text
            String date = Items.text(item, "date");
            String sku = Items.text(item, "item_id");
            if (date == null || sku == null || date.compareTo(first) < 0 || date.compareTo(last) > 0) {
                return;
            }
            StockMovement m = MovementItems.movement(item);
            if (m != null) {
                bySku.computeIfAbsent(sku, k -> new ArrayList<>()).add(m);
            }
        };
        db.read(s -> {
            if (onlySku == null) {
                movements.forEach(s, take);
                return null;
            }
            // one SKU (a run for one SKU, the real-time workflow): its partition alone
            ItemKey after = null;
            do {
                Page page = movements.query(s, onlySku, null, PAGE, after, true);
                page.items().forEach(take);
                after = page.next();
            } while (after != null);
            return null;
        });
        bySku.values().forEach(list -> list.sort(OLDEST_FIRST));
        return bySku;
    }

    private static double[] position(JsonNode item) {
        return new double[] {number(item.get("quantity")), number(item.get("on_order"))};
    }

    private static double number(JsonNode v) {
        return v == null || !v.isNumber() ? 0 : v.doubleValue();
    }

    private static int dayIndex(String createdAt, LocalDate start, int days) {
        try {
            LocalDate day = Instant.parse(createdAt).atZone(ZoneOffset.UTC).toLocalDate();
            long index = ChronoUnit.DAYS.between(start, day);
            return index < 0 || index >= days ? -1 : (int) index;
        } catch (DateTimeException e) {
            return -1;
        }
    }
}
