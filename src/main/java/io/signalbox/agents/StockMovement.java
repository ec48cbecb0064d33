package io.signalbox.agents;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One change of a SKU's stock on hand: positive in (a receipt, a return), negative out (a sale, a write-off), as an
 * {@code Inventory Update} event's {@code quantity_change} carries it.
 *
 * @param kind      what it was; {@link MovementKind#OTHER} when the source does not say (null means OTHER)
 * @param reference what the movement came from (an event id, a document), or null
 * @param id        the movement's identity where it is recorded (the movement log's {@code movement_id}), or
 *                  null for a movement not (yet) recorded
 */
public record StockMovement(LocalDate date, double quantity, MovementKind kind, String reference, String id) {

    /** A movement with no recorded identity. */
    public StockMovement(LocalDate date, double quantity, MovementKind kind, String reference) {
        this(date, quantity, kind, reference, null);
    }

    public StockMovement {
        Objects.requireNonNull(date, "A stock movement needs a date");
        if (!Double.isFinite(quantity)) {
            throw new IllegalArgumentException("A stock movement's quantity must be a finite number, not " + quantity);
        }
        kind = kind == null ? MovementKind.OTHER : kind;
    }
}
