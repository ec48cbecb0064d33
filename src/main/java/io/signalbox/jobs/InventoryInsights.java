package io.signalbox.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.Anomaly;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.InventoryRecommendation;
import io.signalbox.agents.StockMovement;
import io.signalbox.events.Envelope;
import io.signalbox.events.InvalidEventException;
import io.signalbox.store.Items;
import io.signalbox.store.Tables;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Seed 000's real-time inventory workflow, as beans for the YAML route {@code handler-inventory-update}: an
 * {@code Inventory Update} event ({@code sku}, {@code quantity_change}, optional {@code warehouse_id} and
 * {@code quantity_on_hand}) runs forecasting, optimisation and anomaly detection for its SKU in parallel
 * (a multicast to {@code direct:insights-forecast}, {@code direct:insights-optimise} and
 * {@code direct:insights-anomalies}), and this class, as the multicast's aggregation strategy, gathers the three
 * outcomes into one {@link Parts}. {@link #store} puts the ONE aggregated result ({@link #item}): an item of the
 * inventory-insights table, keyed by {@code sku} (the latest insight per SKU), with the forecast summary, the
 * recommendation, the week's anomalies (demand and recorded stock movements), and per agent the error when that agent failed (the others' results are
 * kept: a failing agent does not lose the rest).
 */
public final class InventoryInsights implements AggregationStrategy {

    /** Exchange property: the SKU's work item, for the three branches. */
    public static final String WORK = "SignalboxSkuWork";
    /** Exchange property: the SKU's recorded stock movements up to today, for the anomaly branch. */
    public static final String MOVEMENTS = "SignalboxSkuMovements";

    /** One agent's outcome: a result, or the reason it failed. */
    public record Outcome(String agent, Object result, String error) {
    }

    /** The event's facts and the agents' outcomes, by agent. */
    public record Parts(SkuWork work, Map<String, Outcome> outcomes) {
    }

    private final JobInputs inputs;
    private final AgentSettings settings;
    private final SkuAgents agents;
    private final Tables tables;

    public InventoryInsights(JobInputs inputs, AgentSettings settings, SkuAgents agents, Tables tables) {
        this.inputs = inputs;
        this.tables = tables;
        this.settings = settings;
        this.agents = agents;
    }

    /**
     * The anomaly branch: the demand's anomalies of the last complete days, and the SKU's stock movements (as the
     * movement log recorded them, today's included) scored against its usual ones.
     */
    public List<Anomaly> anomalies(SkuWork work, List<StockMovement> movements) {
        // the history ends yesterday, the last complete day; the movements run to today (prepare read both)
        return agents.anomalies(work, movements, work.asOf().plusDays(1));
    }

    /** Checks the event and loads the SKU's history and stock (the event's on-hand figure wins when given). */
    public void prepare(Exchange exchange) {
        Envelope event = exchange.getMessage().getBody(Envelope.class);
        JsonNode detail = event.detail();
        JsonNode sku = detail.get("sku");
        if (sku == null || !sku.isTextual() || sku.asText().isBlank()) {
            throw new InvalidEventException("Inventory Update " + event.id() + " has no detail.sku (a SKU id)");
        }
        JsonNode change = detail.get("quantity_change");
        if (change == null || !change.isNumber()) {
            throw new InvalidEventException("Inventory Update " + event.id() + " for " + sku.asText()
                    + " has no numeric detail.quantity_change");
        }
        JsonNode onHand = detail.get("quantity_on_hand");
        if (onHand != null && !onHand.isNull() && (!onHand.isNumber() || onHand.asDouble() < 0)) {
            throw new InvalidEventException("Inventory Update " + event.id() + " for " + sku.asText()
                    + ": detail.quantity_on_hand must be a number of units, 0 or more, not " + onHand);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate asOf = today.minusDays(1);
        List<SkuWork> found = inputs.load(asOf, settings.historyDays(), sku.asText());
        SkuWork work = found.isEmpty()
                ? new SkuWork(sku.asText(), asOf.minusDays(settings.historyDays() - 1L), new double[settings.historyDays()], 0, 0, false)
                : found.get(0);
        if (onHand != null && onHand.isNumber()) {
            work = new SkuWork(work.sku(), work.start(), work.demand(), onHand.asDouble(), work.onOrder(), true);
        }
        exchange.setProperty(MOVEMENTS, inputs.movements(agents.movementsFrom(today), today, work.sku())
                .getOrDefault(work.sku(), List.of()));
        exchange.setProperty(WORK, work);
        exchange.setProperty("SignalboxInsightEvent", event);
        exchange.setProperty(AgentJobRoutes.SKU, work.sku());
        exchange.getMessage().setBody(work);
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Outcome outcome = newExchange.getMessage().getBody(Outcome.class);
        Exchange into = oldExchange == null ? newExchange : oldExchange;
        Parts parts = into.getProperty("SignalboxInsightParts", Parts.class);
        if (parts == null) {
            parts = new Parts(newExchange.getProperty(WORK, SkuWork.class), new ConcurrentHashMap<>());
            into.setProperty("SignalboxInsightParts", parts);
        }
        if (outcome != null) {
            parts.outcomes().put(outcome.agent(), outcome);
        }
        into.getMessage().setBody(parts);
        return into;
    }

    /**
     * Puts the aggregated insight ({@link #item}) in the inventory-insights table ({@code signalbox.jobs.insights-table}),
     * in either engine, and returns once it is stored.
     */
    public void store(Exchange exchange) {
        Writes.await(tables.put(settings.insightsTable(), item(exchange)));
    }

    /**
     * The aggregated insight as its item; when optimisation says to reorder, its recommendation is left in
     * {@link AgentJobRoutes#RECOMMENDATION}.
     */
    ObjectNode item(Exchange exchange) {
        Parts parts = exchange.getMessage().getBody(Parts.class);
        Envelope event = exchange.getProperty("SignalboxInsightEvent", Envelope.class);
        ObjectNode item = Items.object();
        SkuWork work = parts.work();
        item.put("sku", ResultItems.text(work.sku()));
        item.put("as_of", work.asOf().toString());
        item.put("updated_at", Instant.now().toString());
        if (event != null) {
            item.put("event_id", ResultItems.text(event.id()));
            JsonNode d = event.detail();
            item.put("quantity_change", Items.figure(d.get("quantity_change").asDouble()));
            if (d.hasNonNull("warehouse_id")) {
                item.put("warehouse_id", d.get("warehouse_id").asText());
            }
        }
        item.put("on_hand", Items.figure(work.onHand()));
        ObjectNode errors = Items.object();
        for (Outcome o : parts.outcomes().values()) {
            if (o.error() != null) {
                errors.put(o.agent(), o.error());
            } else if (o.result() instanceof Forecast f) {
                item.set("forecast", ResultItems.forecastSummary(f));
            } else if (o.result() instanceof InventoryRecommendation r) {
                item.set("recommendation", ResultItems.recommendationFields(r));
                if (r.reorder()) {
                    exchange.setProperty(AgentJobRoutes.RECOMMENDATION, r);
                }
            } else if (o.result() instanceof List<?> anomalies) {
                ArrayNode list = item.putArray("anomalies");
                for (Object a : anomalies) {
                    list.add(ResultItems.anomalyFields((Anomaly) a));
                }
            }
        }
        item.set("agents_failed", errors);
        item.put("status", errors.isEmpty() ? "complete" : "partial");
        return item;
    }

    /** The {@code Reorder Recommended} event of the insight's recommendation, as the body. */
    public void reorderEvent(Exchange exchange) {
        InventoryRecommendation r = exchange.getProperty(AgentJobRoutes.RECOMMENDATION, InventoryRecommendation.class);
        exchange.getMessage().setBody(AgentJobRoutes.reorderEvent(settings, r, null, null));
    }
}
