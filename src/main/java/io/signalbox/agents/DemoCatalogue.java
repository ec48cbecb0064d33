package io.signalbox.agents;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A made-up but realistic catalogue for demos and benchmarks: SKUs with names, categories and unit costs; daily
 * demand with a trend, a weekly pattern typical of the category and noise; stock run by a weekly review so some
 * SKUs sit below their reorder point; and a few planted anomalies (unannounced promotions, stock-outs, a stock
 * count write-off) on known dates, many of them in the last week so a weekly report shows them.
 *
 * <p>Deterministic: the same seed gives the same catalogue, and SKU i is the same whatever the catalogue size.
 *
 * <p>Demand of a SKU on day t is round(max(0, ℓ<sub>t</sub>·w<sub>weekday</sub> + σ·ε)), ℓ<sub>t</sub> a level
 * with a linear trend (−20 % to +45 % a year), w the category's weekly profile (mean 1), ε standard normal and
 * σ = √(μ + (cv·μ)²) — Poisson-like noise plus 5–12 % of the base level μ. About 30 % of SKUs get one or two
 * planted demand anomalies, sized against σ to land clearly inside their severity band for
 * {@link AnomalyDetector} with default settings: HIGH spikes 10–16 σ above, HIGH stock-outs (0 where 8 σ or
 * more was expected), MEDIUM spikes and drops 4.75 σ away (the middle of the band from 3.5 to 6). About 8 %
 * get a HIGH write-off movement in the last week.
 */
public record DemoCatalogue(long seed, LocalDate lastDay, List<DemoSku> skus) {

    private static final double SERVICE_LEVEL = 0.95;
    private static final double HOLDING_RATE = 0.25;
    private static final int MOVEMENT_DAYS = 84;
    /**
     * Earliest day index for a planted demand anomaly: half a year in when the history is long enough (the
     * detector's noise estimate is then precise), else twelve weeks (its baseline).
     */
    private static final int PLANT_FROM_LONG = 182;
    private static final int PLANT_FROM_SHORT = 84;
    /** The detector's σ inflation for a median of 12 same-weekday values: √(1 + π/24). */
    private static final double MEDIAN_INFLATION = Math.sqrt(1 + Math.PI / 24);

    public DemoCatalogue {
        skus = List.copyOf(skus);
    }

    /** A catalogue of {@code skuCount} SKUs with {@code days} days of demand ending on {@code lastDay}. */
    public static DemoCatalogue generate(long seed, int skuCount, LocalDate lastDay, int days) {
        return generate(seed, skuCount, lastDay, days, true);
    }

    /**
     * The same, with or without planted anomalies: without, it is the catalogue's noise alone, for checking what
     * anomaly detection reports when nothing happened.
     */
    public static DemoCatalogue generate(long seed, int skuCount, LocalDate lastDay, int days, boolean plant) {
        if (skuCount < 0) {
            throw new IllegalArgumentException("SKU count must be 0 or more, not " + skuCount);
        }
        if (days < 1) {
            throw new IllegalArgumentException("A demo catalogue needs at least 1 day of demand, not " + days);
        }
        List<DemoSku> skus = new ArrayList<>(skuCount);
        for (int i = 0; i < skuCount; i++) {
            skus.add(sku(new Random(mix(seed, i)), i, lastDay, days, plant));
        }
        return new DemoCatalogue(seed, lastDay, skus);
    }

    private record Category(String name, double[] weekly, double minCost, double maxCost, int minLead, int maxLead,
            String[] adjectives, String[] products) {
    }

    private static final Category[] CATEGORIES = {
        new Category("Beverages", new double[] {0.90, 0.88, 0.92, 0.98, 1.12, 1.25, 0.95}, 0.6, 4, 2, 6,
                new String[] {"Sparkling", "Still", "Citrus", "Cold-brew", "Organic", "Sugar-free"},
                new String[] {"Water 1.5 l", "Lemonade 330 ml", "Iced Tea 500 ml", "Cola 6-pack", "Coffee 250 ml",
                    "Energy Drink 250 ml"}),
        new Category("Snacks", new double[] {0.92, 0.90, 0.93, 0.97, 1.10, 1.22, 0.96}, 0.5, 3, 3, 7,
                new String[] {"Sea-salt", "Smoked", "Honey", "Chili", "Cheddar", "Lightly Salted"},
                new String[] {"Crisps 150 g", "Crackers 200 g", "Trail Mix 300 g", "Pretzels 250 g", "Popcorn 90 g",
                    "Nut Bar 40 g"}),
        new Category("Household", new double[] {1.00, 0.97, 0.98, 1.00, 1.05, 1.12, 0.88}, 1.5, 9, 4, 10,
                new String[] {"Lavender", "Unscented", "Eco", "Ultra", "Citrus", "Family-size"},
                new String[] {"Dish Soap 750 ml", "Laundry Pods 30 pcs", "Paper Towels 6 rolls", "Bin Bags 20 pcs",
                    "Surface Spray 500 ml", "Sponges 5 pcs"}),
        new Category("Personal care", new double[] {1.00, 1.00, 1.00, 1.00, 1.05, 1.08, 0.87}, 1.2, 11, 4, 10,
                new String[] {"Sensitive", "Mint", "Argan", "Travel-size", "Fragrance-free", "Charcoal"},
                new String[] {"Toothpaste 75 ml", "Shampoo 400 ml", "Shower Gel 250 ml", "Hand Cream 100 ml",
                    "Deodorant 150 ml", "Face Wash 150 ml"}),
        new Category("Office supplies", new double[] {1.20, 1.18, 1.15, 1.12, 1.00, 0.70, 0.65}, 1, 12, 5, 14,
                new String[] {"Recycled", "Premium", "Neon", "Classic", "Heavy-duty", "Slim"},
                new String[] {"A4 Paper 500 sheets", "Ballpoint Pens 10 pcs", "Sticky Notes 12 pads", "Stapler",
                    "Binder Clips 24 pcs", "Notebook A5"}),
        new Category("Pet supplies", new double[] {1.00, 1.00, 1.00, 1.00, 1.03, 1.06, 0.91}, 2, 15, 5, 12,
                new String[] {"Grain-free", "Senior", "Puppy", "Indoor", "Salmon", "Chicken"},
                new String[] {"Dry Food 2 kg", "Wet Food 12x85 g", "Cat Litter 10 l", "Chew Sticks 10 pcs",
                    "Treats 200 g", "Dental Bites 150 g"}),
        new Category("Electronics accessories", new double[] {0.95, 0.95, 0.97, 1.00, 1.05, 1.15, 0.93}, 3, 25, 7,
                21, new String[] {"USB-C", "Braided", "Wireless", "Compact", "Fast-charge", "Magnetic"},
                new String[] {"Charging Cable 1 m", "Power Bank 10000 mAh", "Earbuds", "Phone Case",
                    "Wall Charger 20 W", "Car Mount"}),
        new Category("Frozen", new double[] {0.95, 0.90, 0.92, 0.98, 1.10, 1.20, 0.95}, 1.5, 8, 2, 5,
                new String[] {"Stone-baked", "Vegan", "Family", "Thai", "Garden", "Wild"},
                new String[] {"Pizza 400 g", "Peas 1 kg", "Ice Cream 1 l", "Fish Fillets 4 pcs", "Berries 500 g",
                    "Dumplings 600 g"}),
    };

    private static DemoSku sku(Random r, int index, LocalDate lastDay, int days, boolean plant) {
        Category c = CATEGORIES[r.nextInt(CATEGORIES.length)];
        String id = String.format(Locale.ROOT, "SKU-%05d", index + 1);
        String name = c.adjectives[r.nextInt(c.adjectives.length)] + " " + c.products[r.nextInt(c.products.length)];
        double unitCost = round2(c.minCost + r.nextDouble() * (c.maxCost - c.minCost));
        int lead = c.minLead + r.nextInt(c.maxLead - c.minLead + 1);
        double orderCost = Math.round(25 + r.nextDouble() * 65);
        InventoryPolicy policy = InventoryPolicy.ofUnitCost(unitCost, HOLDING_RATE, orderCost, lead, SERVICE_LEVEL);

        double base = Math.exp(Math.log(6) + r.nextDouble() * (Math.log(250) - Math.log(6)));
        double growthPerDay = (-0.20 + r.nextDouble() * 0.65) / 365;
        double cv = 0.05 + r.nextDouble() * 0.07;
        double sigma = Math.sqrt(base + cv * cv * base * base);
        double[] weekly = normalised(c.weekly);
        LocalDate start = lastDay.minusDays(days - 1L);

        double[] expected = new double[days];
        double[] y = new double[days];
        for (int t = 0; t < days; t++) {
            double level = Math.max(0.3 * base, base * (1 + growthPerDay * (t - (days - 1))));
            expected[t] = level * weekly[start.plusDays(t).getDayOfWeek().getValue() - 1];
            y[t] = Math.max(0, Math.rint(expected[t] + sigma * r.nextGaussian()));
        }

        List<PlantedAnomaly> planted = new ArrayList<>();
        int plantFrom = days >= PLANT_FROM_LONG + 7 ? PLANT_FROM_LONG : PLANT_FROM_SHORT;
        if (plant && days >= plantFrom + 7 && r.nextDouble() < 0.30) {
            int count = 1 + (r.nextDouble() < 0.35 ? 1 : 0);
            boolean lastWeek = r.nextBoolean();
            List<Integer> used = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                int t = -1;
                for (int attempt = 0; attempt < 20 && t < 0; attempt++) {
                    int candidate = k == 0 && lastWeek ? days - 1 - r.nextInt(7)
                            : plantFrom + r.nextInt(days - plantFrom);
                    t = tooClose(used, candidate) ? -1 : candidate;
                }
                if (t < 0) {
                    break; // a short history has no room for another one
                }
                used.add(t);
                planted.add(plantDemand(r, y, expected[t], sigma, t, start.plusDays(t)));
            }
        }

        return withStock(r, id, name, c.name, unitCost, policy, new DemandHistory(id, start, y), sigma, plant,
                planted);
    }

    private static PlantedAnomaly plantDemand(Random r, double[] y, double expected, double sigma, int t,
            LocalDate date) {
        double ratio = expected / sigma;
        List<String> kinds = new ArrayList<>(List.of("high-spike", "medium-spike"));
        if (ratio >= 8) {
            kinds.add("stock-out");
        }
        if (ratio >= 7) {
            kinds.add("medium-drop");
        }
        String kind = kinds.get(r.nextInt(kinds.size()));
        double medium = 4.75 * MEDIAN_INFLATION * sigma;
        return switch (kind) {
            case "high-spike" -> plant(y, t, date, expected, expected + (10 + 6 * r.nextDouble()) * sigma,
                    AnomalySeverity.HIGH, "unannounced promotion");
            case "medium-spike" -> plant(y, t, date, expected, expected + medium, AnomalySeverity.MEDIUM,
                    "bulk order");
            case "stock-out" -> plant(y, t, date, expected, 0, AnomalySeverity.HIGH, "stock-out");
            default -> plant(y, t, date, expected, expected - medium, AnomalySeverity.MEDIUM, "checkout outage");
        };
    }

    private static PlantedAnomaly plant(double[] y, int t, LocalDate date, double expected, double value,
            AnomalySeverity severity, String description) {
        y[t] = Math.max(0, Math.rint(value));
        return new PlantedAnomaly(AnomalySubject.DEMAND, date, round2(expected), y[t], severity, description);
    }

    private static boolean tooClose(List<Integer> used, int t) {
        for (int u : used) {
            if (Math.abs(u - t) < 15) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the stock over the last weeks with a weekly (Monday) review: receipts arrive after the lead time, sales
     * are the demand as far as stock lasts (the rest is lost), and on Mondays an order is placed when the position
     * is at or below the reorder point, for the economic order quantity. Many SKUs end the run below their
     * reorder point, waiting for the next review, as real ones do. About 8 % also get a large write-off in the
     * last week.
     */
    private static DemoSku withStock(Random r, String id, String name, String category, double unitCost,
            InventoryPolicy policy, DemandHistory demand, double sigma, boolean plant, List<PlantedAnomaly> planted) {
        double[] y = demand.values();
        int days = y.length;
        int from = Math.max(0, days - MOVEMENT_DAYS);
        double daily = 0;
        for (int t = from; t < days; t++) {
            daily += y[t];
        }
        daily /= Math.max(1, days - from);
        int lead = (int) policy.leadTimeDays();
        double rop = daily * lead + 1.645 * sigma * Math.sqrt(lead);
        double eoq = Math.max(1, Math.ceil(InventoryOptimiser.eoq(365 * daily, policy.orderCost(),
                policy.holdingCostPerUnitYear())));
        double onHand = Math.rint(rop + daily * 7 + eoq * (0.3 + 0.7 * r.nextDouble()));
        double[] arriving = new double[days + lead + 1];
        List<StockMovement> movements = new ArrayList<>();
        int writeOffDay = plant && r.nextDouble() < 0.08 ? days - 1 - r.nextInt(7) : -1;
        for (int t = from; t < days; t++) {
            LocalDate date = demand.dateOf(t);
            if (arriving[t] > 0) {
                onHand += arriving[t];
                movements.add(new StockMovement(date, arriving[t], MovementKind.RECEIPT, "PO-" + id + "-" + date));
            }
            double shipped = Math.min(y[t], Math.max(0, onHand));
            if (shipped > 0) {
                onHand -= shipped;
                movements.add(new StockMovement(date, -shipped, MovementKind.SALE, null));
            }
            double loss = Math.rint(6 * daily + 10);
            if (t == writeOffDay && onHand >= loss) {
                onHand -= loss;
                movements.add(new StockMovement(date, -loss, MovementKind.ADJUSTMENT, "stock count"));
                planted.add(new PlantedAnomaly(AnomalySubject.STOCK_MOVEMENT, date, round2(daily), -loss,
                        AnomalySeverity.HIGH, "stock count write-off"));
            }
            if (date.getDayOfWeek() == DayOfWeek.MONDAY) {
                double onOrder = 0;
                for (int a = t + 1; a < arriving.length; a++) {
                    onOrder += arriving[a];
                }
                if (onHand + onOrder <= rop) {
                    arriving[t + lead] += eoq;
                }
            }
        }
        double onOrder = 0;
        for (int a = days; a < arriving.length; a++) {
            onOrder += arriving[a];
        }
        // a receipt due today was received: everything at index >= days is still on order
        return new DemoSku(id, name, category, unitCost, policy, demand, new StockPosition(id, onHand, onOrder),
                movements, planted);
    }

    private static double[] normalised(double[] weekly) {
        double sum = 0;
        for (double w : weekly) {
            sum += w;
        }
        double[] out = new double[weekly.length];
        for (int i = 0; i < weekly.length; i++) {
            out[i] = weekly[i] * weekly.length / sum;
        }
        return out;
    }

    private static double round2(double v) {
        return Math.rint(v * 100) / 100;
    }

    /** SplitMix64 of seed and index: independent, reproducible streams per SKU. */
    private static long mix(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
