package io.signalbox.inventory;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.MovementKind;
import io.signalbox.agents.StockMovement;
import io.signalbox.store.Items;

/**
 * The item of a stock movement, the same in both engines: {@code item_id} (partition key), {@code movement_id}
 * (sort key: {@code <event time, epoch s>#<event key>}, the change's marker), {@code date} (the event's UTC day),
 * {@code quantity} (signed whole units: received +, sold or written off −), {@code kind} ({@code receipt},
 * {@code sale}, {@code adjustment}), {@code reference} (the event's key), {@code expires_at} (TTL, epoch s).
 */
public final class MovementItems {

    private MovementItems() {
    }

    /** One movement item, its quantity in whole units (the demo data writes its own through this, too). */
    public static ObjectNode item(String itemId, String movementId, StockMovement movement, Instant expires) {
        ObjectNode item = Items.object();
        item.put("item_id", itemId);
        item.put("movement_id", movementId);
        item.put("date", movement.date().toString());
        item.put("quantity", (long) Math.rint(movement.quantity()));
        item.put("kind", movement.kind().name().toLowerCase(Locale.ROOT));
        if (movement.reference() != null) {
            item.put("reference", movement.reference());
        }
        item.put("expires_at", expires.getEpochSecond());
        return item;
    }

    /**
     * The movement item of an applied change (kept for {@code retention} after the event), or null when the change
     * moved nothing, which is not recorded.
     */
    static ObjectNode of(AppliedChange applied, String movementId, String reference, Instant eventTime,
            Duration retention) {
        if (applied.quantityChange() == 0) {
            return null;
        }
        return item(applied.change().itemId(), movementId,
                new StockMovement(eventTime.atZone(ZoneOffset.UTC).toLocalDate(), applied.quantityChange(),
                        MovementLog.kind(applied.change().action()), reference), eventTime.plus(retention));
    }

    /** The movement an item holds, or null when it is not a movement item. */
    public static StockMovement movement(JsonNode item) {
        String date = Items.text(item, "date");
        JsonNode quantity = item.get("quantity");
        if (date == null || quantity == null || !quantity.isNumber()) {
            return null;
        }
        MovementKind kind = MovementKind.OTHER;
        String k = Items.text(item, "kind");
        if (k != null) {
            try {
                kind = MovementKind.valueOf(k.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // a kind this version does not know
            }
        }
        try {
            return new StockMovement(LocalDate.parse(date), quantity.doubleValue(), kind, Items.text(item, "reference"),
                    Items.text(item, "movement_id"));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
