package io.signalbox.agents;

import java.util.List;

/**
 * One SKU of the {@link DemoCatalogue}: what it is, its costs, its demand history, its stock and the stock
 * movements of the last weeks, and the anomalies planted in them.
 */
public record DemoSku(String sku, String name, String category, double unitCost, InventoryPolicy policy,
        DemandHistory demand, StockPosition stock, List<StockMovement> movements, List<PlantedAnomaly> planted) {

    public DemoSku {
        movements = List.copyOf(movements);
        planted = List.copyOf(planted);
    }
}
