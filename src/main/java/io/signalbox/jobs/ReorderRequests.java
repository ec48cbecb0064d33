package io.signalbox.jobs;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.InvalidEventException;
import org.apache.camel.Exchange;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The handler of {@code Reorder Recommended} (YAML route {@code handler-reorder-recommended}): the event as an open
 * reorder request, one per SKU (the latest recommendation wins), in the reorder-requests table
 * ({@code signalbox.jobs.reorder-requests-table}, key {@code sku}).
 */
public final class ReorderRequests {

    /** Checks the event and sets header {@code CamelAwsDdbItem} to the request, for camel-aws2-ddb PutItem. */
    public void item(Exchange exchange) {
        Envelope event = exchange.getMessage().getBody(Envelope.class);
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
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("sku", AttributeValue.fromS(sku.asText()));
        item.put("quantity", ResultItems.n(quantity.asDouble()));
        item.put("status", AttributeValue.fromS("open"));
        item.put("event_id", AttributeValue.fromS(event.id()));
        item.put("source", AttributeValue.fromS(event.source()));
        item.put("correlation_id", AttributeValue.fromS(event.correlationId()));
        item.put("requested_at", AttributeValue.fromS(event.time() == null ? Instant.now().toString() : event.time()));
        for (String figure : new String[] {"reorder_point", "inventory_position", "eoq", "safety_stock"}) {
            if (d.hasNonNull(figure) && d.get(figure).isNumber()) {
                item.put(figure, ResultItems.n(d.get(figure).asDouble()));
            }
        }
        if (d.hasNonNull("run_id")) {
            item.put("run_id", AttributeValue.fromS(d.get("run_id").asText()));
        }
        exchange.getMessage().setHeader("CamelAwsDdbItem", item);
    }
}
