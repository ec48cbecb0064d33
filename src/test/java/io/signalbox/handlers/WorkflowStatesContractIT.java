package io.signalbox.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.events.Envelope;
import io.signalbox.store.ItemKey;
import io.signalbox.store.Items;
import io.signalbox.store.Stores;
import io.signalbox.testing.EngineFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WorkflowStates}: the same assertions on SQLite ({@link SqlWorkflowStates}) and DynamoDB
 * ({@link DynamoDbWorkflowStates}), through the step the handler routes call.
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class WorkflowStatesContractIT {

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    WorkflowStates states;
    String table;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("workflow-state", "workflow_id", null, null)));
        table = fixture.table("workflow-state");
        states = fixture.stores().choose(sql -> new SqlWorkflowStates(sql, table),
                ddb -> new DynamoDbWorkflowStates(ddb.async(), table));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    static Envelope event(String id, String type, String workflowId, String correlationId, String time) {
        ObjectNode detail = Items.object();
        if (workflowId != null) {
            detail.put("workflow_id", workflowId);
        }
        return new Envelope("0", id, type, "alchemiser.orchestrator", "000000000000", time, "us-east-1", List.of(),
                detail, correlationId, null, null, null);
    }

    ObjectNode row(String workflowId) {
        return fixture.stores().tables().get(table, ItemKey.of(workflowId)).join();
    }

    @Test
    void eachEventSetsTheStatusItImpliesAndCountsOnce() {
        String[][] expected = {
                {"WorkflowStarted", "STARTED"}, {"SignalGenerated", "SIGNALS_GENERATED"},
                {"RebalancePlanned", "REBALANCE_PLANNED"}, {"TradeExecuted", "TRADES_EXECUTED"},
                {"WorkflowCompleted", "COMPLETED"}, {"WorkflowFailed", "FAILED"}, {"OrderRouted", "OrderRouted"}};
        for (int i = 0; i < expected.length; i++) {
            String time = "2026-11-22T09:35:0" + i + "Z";
            Envelope event = event("ev-" + i, expected[i][0], "wf-1", "corr-1", time);
            assertSame(event, states.record(event).join(), "the route's body stays the event");
            ObjectNode row = row("wf-1");
            assertEquals(expected[i][1], row.get("status").asText(), expected[i][0]);
            assertEquals(expected[i][0], row.get("last_event_type").asText());
            assertEquals("ev-" + i, row.get("last_event_id").asText());
            assertEquals("corr-1", row.get("correlation_id").asText());
            assertEquals(time, row.get("updated_at").asText());
            assertEquals(i + 1, row.get("event_count").longValue());
        }
    }

    @Test
    void anEventWithoutWorkflowIdIsRecordedUnderItsCorrelationId() {
        states.record(event("ev-1", "SignalGenerated", null, "corr-7", "2026-11-22T09:35:00Z")).join();
        states.record(event("ev-2", "TradeExecuted", " ", "corr-7", "2026-11-22T09:36:00Z")).join();
        ObjectNode row = row("corr-7");
        assertEquals(2, row.get("event_count").longValue());
        assertEquals("TRADES_EXECUTED", row.get("status").asText());
        assertEquals("corr-7", row.get("workflow_id").asText());
    }

    @Test
    void concurrentEventsOfOneWorkflowLoseNoCount() throws Exception {
        int events = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Envelope>> recorded = new ArrayList<>();
        List<java.util.concurrent.Future<CompletableFuture<Envelope>>> started = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            Envelope event = event("ev-" + i, "TradeExecuted", "wf-2", "corr-2", "2026-11-22T09:35:00Z");
            started.add(pool.submit(() -> {
                go.await();
                return states.record(event);
            }));
        }
        go.countDown();
        for (var f : started) {
            recorded.add(f.get(30, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(recorded.toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(events, row("wf-2").get("event_count").longValue());
    }
}
