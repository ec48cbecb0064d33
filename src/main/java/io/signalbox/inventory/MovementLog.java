package io.signalbox.inventory;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import io.signalbox.agents.MovementKind;

/**
 * The stock movements table ({@code signalbox.inventory.movements-table}): one item per applied change that moved
 * stock, which the anomaly job scores against the item's usual movements ({@link MovementItems}). Two adapters:
 * {@link SqlMovementLog} (SQLite) and {@link DynamoDbMovementLog}.
 *
 * <p>Written after the change, only if the movement is not there yet: a redelivery (whose change is found already
 * applied) writes it if the first delivery did not get that far, and otherwise leaves the first, exact record
 * alone.
 */
public interface MovementLog {

    /** Records the movement of an applied change; a change that moved nothing is not recorded. */
    CompletableFuture<Void> record(AppliedChange applied, String movementId, String reference, Instant eventTime);

    /** The anomaly detector's kind of an inventory action. */
    static MovementKind kind(InventoryAction action) {
        return switch (action) {
            case RESTOCK -> MovementKind.RECEIPT;
            case SALE -> MovementKind.SALE;
            case ADJUST -> MovementKind.ADJUSTMENT;
        };
    }
}
