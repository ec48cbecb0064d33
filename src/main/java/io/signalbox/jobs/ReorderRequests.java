package io.signalbox.jobs;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.InvalidEventException;
import io.signalbox.store.Items;
import io.signalbox.store.Tables;
import org.apache.camel.Exchange;

/**
 * The handler of {@code Reorder Recommended} (YAML route {@code handler-reorder-recommended}): the event as an open
 * reorder request, one per SKU (the latest recommendation wins), in the reorder-requests table
 * ({@code signalbox.jobs.reorder-requests-table}, key {@code sku}), in either engine.
 */
public final class ReorderRequests {

    private final Tables tables;
    private final String table;

    public ReorderRequests(Tables tables, String table) {
        this.tables = tables;
        this.table = table;
    }

    /** Checks the event and puts its request ({@link #item}); returns once it is stored. */
    public void store(Exchange exchange) {
        Writes.await(tables.put(table, item(exchange.getMessage().getBody(Envelope.class))));
    }

    /** The open reorder request of {@code event}; a detail without its SKU or a positive quantity is refused. */
    static ObjectNode item(Envelope event) {
        JsonNode d = event.detail();
        JsonNode sku = d.get("sku");
        JsonNode quantity = d.get("quantity");
        if (sku == null || !sku.isTextual() || sku.asText().isBlank()) {
            throw new InvalidEventException("Reorder Recommended " + event.id() + " has no detail.sku (a SKU id)");
        }
        if (quantity == null || !quantity.isNumber() || quantity.asDouble() <= 0) {
            throw new InvalidEventException("Reorder Recommended " + event.id() + " for " + sku.asText()
                    + ": detail.quantity must be a number of units above 0, not " + quantity);
        }
        ObjectNode item = Items.object();
        item.put("sku", sku.asText());
        item.put("quantity", Items.figure(quantity.asDouble()));
        item.put("status", "open");
        item.put("event_id", event.id());
        item.put("source", event.source());
        item.put("correlation_id", event.correlationId());
        item.put("requested_at", event.time() == null ? Instant.now().toString() : event.time());
        for (String figure : new String[] {"reorder_point", "inventory_position", "eoq", "safety_stock"}) {
            if (d.hasNonNull(figure) && d.get(figure).isNumber()) {
                item.put(figure, Items.figure(d.get(figure).asDouble()));
            }
        }
        if (d.hasNonNull("run_id")) {
            item.put("run_id", d.get("run_id").asText());
        }
        return item;
    }
}
