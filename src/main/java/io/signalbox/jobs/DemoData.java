package io.signalbox.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.AnomalyDetector;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.DemoSku;
import io.signalbox.agents.StockMovement;
import io.signalbox.inventory.MovementItems;
import io.signalbox.store.ItemBatch;
import io.signalbox.store.Items;
import io.signalbox.store.Tables;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo} (profile local only): a realistic catalogue ({@link DemoCatalogue}: trends, weekly seasons,
 * planted anomalies, some SKUs below their reorder point) written into the {@code orders} and {@code inventory}
 * tables in their contract's shape, so the jobs have something to say on a first run. Each SKU's daily demand
 * becomes one to three order lines, packed four to six lines to an order, created at a random time of that UTC
 * day; the history ends yesterday, as the jobs' does. Nothing is loaded when {@code orders} already holds data.
 * Written in batches ({@link Tables#batch}), in either engine.
 */
public final class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    private final Tables tables;
    private final AgentSettings settings;
    private final long seed;
    private final int skus;
    private final int days;
    private final java.time.Duration movementRetention;

    public DemoData(Tables tables, AgentSettings settings, PropertiesComponent properties) {
        String profile = properties.resolveProperty("signalbox.profile").orElse("local").trim();
        if (!profile.equals("local")) {
            throw new IllegalStateException("--demo (signalbox.demo=true) loads sample orders and inventory into the "
                    + "local stand-ins only; this is profile " + profile + ", whose tables hold real data");
        }
        this.tables = tables;
        this.settings = settings;
        this.seed = Long.parseLong(properties.resolveProperty("signalbox.jobs.demo.seed").orElse("7").trim());
        this.skus = Integer.parseInt(properties.resolveProperty("signalbox.jobs.demo.skus").orElse("40").trim());
        this.days = Integer.parseInt(properties.resolveProperty("signalbox.jobs.demo.days").orElse("365").trim());
        this.movementRetention = java.time.Duration.ofDays(Long.parseLong(properties
                .resolveProperty("signalbox.inventory.movement-retention-days").orElse("120").trim()));
    }

    /** The catalogue {@link #loadIfEmpty} writes, ending yesterday (UTC). */
    public static DemoCatalogue catalogue(long seed, int skus, int days) {
        return DemoCatalogue.generate(seed, skus, LocalDate.now(ZoneOffset.UTC).minusDays(1), days);
    }

    /** Loads the catalogue unless {@code orders} has an item; returns whether it loaded. */
    public boolean loadIfEmpty() {
        if (!tables.scan(settings.ordersTable(), 1, null).join().items().isEmpty()) {
            LOG.info("--demo: {} already holds orders, nothing loaded", settings.ordersTable());
            return false;
        }
        long started = System.nanoTime();
        DemoCatalogue catalogue = catalogue(seed, skus, days);
        ItemBatch writer = tables.batch(settings.writeConcurrency());
        int orders = writeOrders(catalogue, writer);
        String now = Instant.now().toString();
        for (DemoSku sku : catalogue.skus()) {
            ObjectNode item = Items.object();
            item.put("item_id", sku.sku());
            item.put("quantity", Items.figure(Math.max(0, Math.rint(sku.stock().onHand()))));
            if (sku.stock().onOrder() > 0) {
                item.put("on_order", Items.figure(Math.rint(sku.stock().onOrder())));
            }
            item.put("updated_at", now);
            writer.put(settings.inventoryTable(), item);
        }
        LocalDate movementsFrom = new AnomalyDetector().movementsFrom(catalogue.lastDay());
        int movements = settings.movementsTable() == null ? 0 : writeMovements(catalogue, movementsFrom, writer);
        writer.flush();
        if (movements > 0) {
            LOG.info("--demo: loaded {} stock movements since {} into {}", movements, movementsFrom,
                    settings.movementsTable());
        }
        LOG.info("--demo: loaded {} SKUs with {} days of demand ({} orders) into {} and {} in {} ms", skus, days, orders,
                settings.ordersTable(), settings.inventoryTable(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /**
     * The catalogue's stock movements from {@code from} (the anomaly detector's baseline window), as the inventory
     * processor records them.
     */
    private int writeMovements(DemoCatalogue catalogue, LocalDate from, ItemBatch writer) {
        Instant expires = Instant.now().plus(movementRetention);
        int n = 0;
        for (DemoSku sku : catalogue.skus()) {
            int i = 0;
            for (StockMovement m : sku.movements()) {
                i++;
                if (m.date().isBefore(from) || Math.rint(m.quantity()) == 0) {
                    continue;
                }
                writer.put(settings.movementsTable(), MovementItems.item(sku.sku(), m.date() + "#demo-" + i, m, expires));
                n++;
            }
        }
        return n;
    }

    private int writeOrders(DemoCatalogue catalogue, ItemBatch writer) {
        Random random = new Random(seed);
        List<DemoSku> all = catalogue.skus();
        if (all.isEmpty()) {
            return 0;
        }
        LocalDate start = all.get(0).demand().start();
        LocalDate lastDay = catalogue.lastDay();
        int length = all.get(0).demand().length();
        int orders = 0;
        for (int t = 0; t < length; t++) {
            LocalDate day = start.plusDays(t);
            List<ObjectNode> lines = new ArrayList<>();
            List<Double> amounts = new ArrayList<>();
            for (DemoSku sku : all) {
                double units = sku.demand().values()[t];
                if (units <= 0) {
                    continue;
                }
                int parts = units <= 20 ? 1 : units <= 80 ? 2 : 3;
                double price = Math.rint(sku.unitCost() * 180) / 100; // sold at 80 % over cost
                long left = (long) units;
                for (int p = 0; p < parts; p++) {
                    long q = p == parts - 1 ? left : left / (parts - p);
                    left -= q;
                    lines.add(Items.object().put("item_id", sku.sku()).put("quantity", Items.figure(q))
                            .put("price", Items.figure(price)));
                    amounts.add(q * price);
                }
            }
            // shuffle so an order mixes SKUs, then pack 4 to 6 lines to an order
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, random);
            int i = 0;
            int n = 0;
            while (i < order.size()) {
                int size = Math.min(order.size() - i, 4 + random.nextInt(3));
                ArrayNode items = Items.NODES.arrayNode(size);
                Set<String> seen = new HashSet<>();
                double total = 0;
                int taken = 0;
                for (int k = i; k < order.size() && taken < size; k++) {
                    int idx = order.get(k);
                    String sku = lines.get(idx).get("item_id").asText();
                    if (seen.contains(sku) && k > i) {
                        continue; // one line per SKU in an order: the next order takes it
                    }
                    seen.add(sku);
                    items.add(lines.get(idx));
                    total += amounts.get(idx);
                    // mark as taken by swapping it to the front of the remaining range
                    java.util.Collections.swap(order, k, i + taken);
                    taken++;
                }
                i += taken;
                Instant created = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
                ObjectNode item = Items.object();
                item.put("order_id", "DEMO-" + day + "-" + String.format("%04d", n++));
                item.put("customer_id", "CUST-" + String.format("%04d", 1 + random.nextInt(800)));
                item.set("items", items);
                item.put("total", Items.figure(Math.rint(total * 100) / 100));
                item.put("status", day.isBefore(lastDay.minusDays(2)) ? "completed" : "created");
                item.put("created_at", created.toString());
                item.put("updated_at", created.toString());
                writer.put(settings.ordersTable(), item);
                orders++;
            }
        }
        return orders;
    }
}
