package io.signalbox.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.AnomalySubject;
import io.signalbox.agents.DemandForecaster;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.DemoSku;
import io.signalbox.agents.PlantedAnomaly;
import io.signalbox.deadletter.DeadLetterAttributes;
import io.signalbox.store.Stores;
import io.signalbox.store.ItemKey;
import io.signalbox.testing.JobRuns;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.component.quartz.QuartzComponent;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jobs end to end on a local Signalbox started with the demo catalogue ({@code signalbox.demo}, as
 * {@code --demo} sets it): commands go through the command queue, the router and the job's command route, results
 * land in the tables (SQLite). One SKU is poisoned with an order line of negative quantity (an order processor's bug):
 * every job records it as failed and dead-letters it, and finishes the others.
 */
class AgentJobsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SKUS = 24;
    private static final long SEED = 11;
    private static final String POISONED = "SKU-00003";
    /** Set to nothing on hand and nothing on order: optimisation must reorder it. */
    private static final String EMPTY = "SKU-00002";

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static LocalDate asOf;

    @BeforeAll
    static void start() {
        signalbox = SignalboxInstance.in(home)
                .with("signalbox.demo", "true")
                .with("signalbox.jobs.demo.skus", Integer.toString(SKUS))
                .with("signalbox.jobs.demo.seed", Long.toString(SEED))
                .with("signalbox.jobs.parallelism", "3")
                .start();
        asOf = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        String now = Instant.now().toString();
        signalbox.put("orders", Map.of(
                "order_id", s("BAD-0001"), "customer_id", s("CUST-0001"),
                "items", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("item_id", s(POISONED),
                        "quantity", n("-100000"), "price", n("1.5"))))),
                "total", n("-150000"), "status", s("created"),
                "created_at", s(asOf.atTime(12, 0).toInstant(ZoneOffset.UTC).toString()), "updated_at", s(now)));
        signalbox.put("inventory", Map.of("item_id", s(EMPTY), "quantity", n("0"), "updated_at", s(now)));
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    // ------------------------------------------------------------------ jobs over the demo catalogue

    @Test
    void forecastingWritesAForecastPerSkuRecordsTheRunAndDeadLettersThePoisonedSku() throws Exception {
        Map<String, AttributeValue> run = runJob("daily-forecasting-job", "");
        assertEquals("completed_with_failures", run.get("status").s());
        assertEquals(SKUS, Integer.parseInt(run.get("skus_total").n()));
        assertEquals(SKUS - 1, Integer.parseInt(run.get("skus_done").n()));
        assertEquals(1, Integer.parseInt(run.get("skus_failed").n()));
        Map<String, AttributeValue> failure = run.get("failures").l().get(0).m();
        assertEquals(POISONED, failure.get("sku").s());
        assertTrue(failure.get("reason").s().contains("daily demand must be"), failure.get("reason").s());
        assertTrue(run.containsKey("started_at") && run.containsKey("ended_at"));

        for (int i = 1; i <= SKUS; i++) {
            String sku = String.format("SKU-%05d", i);
            Map<String, AttributeValue> f = signalbox.dynamoDb().getItem(b -> b.tableName("forecasts")
                    .key(Map.of("sku", s(sku), "as_of", s(asOf.toString())))).item();
            if (sku.equals(POISONED)) {
                assertTrue(f == null || f.isEmpty(), "no forecast for the poisoned SKU");
            } else {
                assertEquals(run.get("run_id").s(), f.get("run_id").s(), sku);
                assertEquals(14, f.get("points").l().size(), sku);
                assertEquals(asOf.plusDays(1).toString(), f.get("points").l().get(0).m().get("date").s());
            }
        }

        // the poisoned SKU is on the command queue's DLQ: a command for it alone, with the error metadata
        Message dead = awaitDeadLetter("daily-forecasting-job", run.get("run_id").s());
        Map<String, String> attributes = dead.messageAttributes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stringValue()));
        assertEquals("command-queue", attributes.get(DeadLetterAttributes.SOURCE_QUEUE));
        assertEquals("command-daily-forecasting-job", attributes.get(DeadLetterAttributes.ERROR_ROUTE));
        assertEquals(IllegalArgumentException.class.getName(), attributes.get(DeadLetterAttributes.ERROR_CLASS));
        assertTrue(attributes.get(DeadLetterAttributes.ERROR_MESSAGE).startsWith("SKU " + POISONED + ": "));
        JsonNode command = MAPPER.readTree(dead.body());
        assertEquals("Scheduled Event", command.get("detail-type").asText());
        assertEquals(POISONED, command.at("/detail/parameters/sku").asText());
        assertEquals(run.get("run_id").s(), command.at("/detail/parameters/failed_run_id").asText());
    }

    @Test
    void aCommandNamingOneSkuRunsForThatSkuAlone() throws Exception {
        Map<String, AttributeValue> run = runJob("daily-forecasting-job", "{\"sku\":\"SKU-00005\"}");
        assertEquals("completed", run.get("status").s());
        assertEquals("SKU-00005", run.get("scope").s());
        assertEquals("manual", run.get("trigger").s());
        assertEquals(1, Integer.parseInt(run.get("skus_total").n()));
        assertEquals(1, Integer.parseInt(run.get("skus_done").n()));
    }

    /**
     * Stock movements: each Inventory Updated that moves stock is recorded in stock-movements, and the anomaly job
     * scores the last week's against the SKU's usual ones (twelve weeks): one receipt twenty times the usual size.
     */
    @Test
    void anAppliedRestockFarLargerThanUsualIsAStockMovementAnomaly() throws Exception {
        // a SKU of its own, removed again so that the runs over the whole catalogue in other tests do not see it
        String sku = "SKU-MOVES-1";
        try {
            restocksAndTheirAnomaly(sku);
        } finally {
            var ddb = signalbox.dynamoDb();
            signalbox.tables().delete("inventory", ItemKey.of(sku)).join();
            for (String table : List.of("stock-movements", "anomalies")) {
                String hash = table.equals("anomalies") ? "sku" : "item_id";
                String range = table.equals("anomalies") ? "anomaly_id" : "movement_id";
                for (Map<String, AttributeValue> item : ddb.query(b -> b.tableName(table)
                        .keyConditionExpression(hash + " = :k").expressionAttributeValues(Map.of(":k", s(sku)))).items()) {
                    signalbox.tables().delete(table, ItemKey.of(item.get(hash).s(), item.get(range).s())).join();
                }
            }
        }
    }

    private void restocksAndTheirAnomaly(String sku) throws Exception {
        List<PutEventsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            entries.add(restock(sku, 90 + 2 * i, asOf.minusDays(70 - 6L * i)));
        }
        // two far larger receipts on the same day: two anomalies, not one overwriting the other
        entries.add(restock(sku, 2000, asOf));
        entries.add(restock(sku, 2600, asOf).toBuilder().time(asOf.atTime(15, 0).toInstant(ZoneOffset.UTC)).build());
        for (int from = 0; from < entries.size(); from += 10) {
            List<PutEventsRequestEntry> batch = entries.subList(from, Math.min(entries.size(), from + 10));
            assertEquals(0, signalbox.events().putEvents(b -> b.entries(batch)).failedEntryCount());
        }
        List<Map<String, AttributeValue>> movements = awaitValue(() -> {
            List<Map<String, AttributeValue>> items = signalbox.dynamoDb().query(b -> b.tableName("stock-movements")
                    .keyConditionExpression("item_id = :i").expressionAttributeValues(Map.of(":i", s(sku)))).items();
            return items.size() == 12 ? items : null;
        });
        Map<String, AttributeValue> big = movements.stream()
                .filter(m -> m.get("quantity").n().equals("2000")).findFirst().orElseThrow();
        assertEquals(asOf.toString(), big.get("date").s());
        assertEquals("receipt", big.get("kind").s());

        Map<String, AttributeValue> run = runJob("hourly-anomaly-detection-job", "{\"sku\":\"" + sku + "\"}");
        assertEquals("completed", run.get("status").s());
        // the usual receipts are not anomalies; each large one is, keyed by its own movement
        List<Map<String, AttributeValue>> anomalies = signalbox.dynamoDb().query(b -> b.tableName("anomalies")
                .keyConditionExpression("sku = :s").expressionAttributeValues(Map.of(":s", s(sku)))).items().stream()
                .filter(a -> a.get("subject").s().equals("stock_movement")).toList();
        assertEquals(List.of("2000", "2600"), anomalies.stream().map(a -> a.get("value").n()).sorted().toList());
        for (Map<String, AttributeValue> anomaly : anomalies) {
            String movementId = movements.stream().filter(m -> m.get("quantity").n().equals(anomaly.get("value").n()))
                    .findFirst().orElseThrow().get("movement_id").s();
            assertEquals(asOf + "#stock_movement#" + movementId, anomaly.get("anomaly_id").s());
            assertEquals("high", anomaly.get("severity").s());
            assertTrue(anomaly.get("reason").s().startsWith("inbound"), anomaly.get("reason").s());
        }
    }

    private static PutEventsRequestEntry restock(String sku, int quantity, LocalDate day) {
        return PutEventsRequestEntry.builder().eventBusName("custom-event-bus").source("inventory")
                .detailType("Inventory Updated").time(day.atTime(9, 0).toInstant(ZoneOffset.UTC))
                .detail("{\"item_id\":\"" + sku + "\",\"quantity\":" + quantity + ",\"action\":\"restock\"}").build();
    }

    /** Optimisation on forecasts this instance wrote (remembered) and on forecasts read back give the same rates. */
    @Test
    void aForecastReadBackFromDynamoDbGivesTheRateRememberedWhenItWasWritten() {
        LocalDate day = LocalDate.of(2025, 6, 30);
        Stores stores = JobWiring.stores(signalbox.context());
        StoredForecasts writer = StoredForecasts.of(stores, "forecasts", 7);
        StoredForecasts reader = StoredForecasts.of(stores, "forecasts", 7);
        List<String> skus = new ArrayList<>();
        for (DemoSku sku : DemoCatalogue.generate(99, 5, day, 120).skus()) {
            ObjectNode item = ResultItems.forecast(new DemandForecaster().forecast(sku.demand()), day,
                    "test", "test-run", Instant.now().toString());
            stores.tables().put("forecasts", item).join();
            writer.remember(sku.sku(), day, item);
            skus.add(sku.sku());
        }
        skus.add("SKU-NEVER-FORECAST");

        Map<String, DemandRate> remembered = writer.rates(skus, day);
        Map<String, DemandRate> read = reader.rates(skus, day);
        assertEquals(5, read.size(), "every forecast written is read back, the unknown SKU is not: " + read.keySet());
        assertEquals(read, remembered);
        // another day's forecast is not this day's
        assertTrue(writer.rates(skus, day.plusDays(1)).isEmpty());
    }

    @Test
    void optimisationRecommendsAtOrBelowTheReorderPointAndPublishesReorderRecommended() throws Exception {
        // as the schedules run them: forecasting (02:00) first, optimisation (03:00) on its forecasts
        runJob("daily-forecasting-job", "");
        Map<String, AttributeValue> run = runJob("daily-optimization-job", "");
        assertEquals(SKUS - 1, Integer.parseInt(run.get("skus_done").n()));
        int reorders = 0;
        for (int i = 1; i <= SKUS; i++) {
            String sku = String.format("SKU-%05d", i);
            if (sku.equals(POISONED)) {
                continue;
            }
            Map<String, AttributeValue> r = signalbox.dynamoDb().getItem(b -> b.tableName("recommendations")
                    .key(Map.of("sku", s(sku), "as_of", s(asOf.toString())))).item();
            double position = Double.parseDouble(r.get("inventory_position").n());
            double rop = Double.parseDouble(r.get("reorder_point").n());
            boolean reorder = r.get("reorder").bool();
            assertEquals("forecast of " + asOf + ", next 7 days", r.get("demand_basis").s(), sku);
            assertEquals(position <= rop, reorder, sku + ": position " + position + ", reorder point " + rop);
            if (reorder) {
                reorders++;
                long quantity = Long.parseLong(r.get("order_quantity").n());
                assertTrue(quantity > 0 && position + quantity > rop, sku);
                // Reorder Recommended went over the bus to its rule, queue and handler
                Map<String, AttributeValue> request = awaitItem("reorder-requests", Map.of("sku", s(sku)),
                        item -> run.get("run_id").s().equals(item.containsKey("run_id") ? item.get("run_id").s() : null));
                assertEquals(quantity, Long.parseLong(request.get("quantity").n()), sku);
                assertEquals("open", request.get("status").s());
            }
        }
        assertTrue(reorders >= 1, "the SKU with nothing in stock is reordered");
        assertEquals(reorders, Integer.parseInt(run.get("reorders").n()));
        Map<String, AttributeValue> empty = signalbox.dynamoDb().getItem(b -> b.tableName("recommendations")
                .key(Map.of("sku", s(EMPTY), "as_of", s(asOf.toString())))).item();
        assertTrue(empty.get("reorder").bool());
    }

    @Test
    void anomalyDetectionFindsTheAnomaliesPlantedInTheLastWeek() throws Exception {
        Map<String, AttributeValue> run = runJob("hourly-anomaly-detection-job", "");
        assertEquals(SKUS - 1, Integer.parseInt(run.get("skus_done").n()));
        DemoCatalogue demo = DemoData.catalogue(SEED, SKUS, 365);
        int expected = 0;
        int movementsExpected = 0;
        for (DemoSku sku : demo.skus()) {
            for (PlantedAnomaly p : sku.planted()) {
                if (p.date().isBefore(asOf.minusDays(6)) || sku.sku().equals(POISONED)) {
                    continue;
                }
                expected++;
                movementsExpected += p.subject() == AnomalySubject.DEMAND ? 0 : 1;
                // demand from the orders table; stock movements from stock-movements (the demo loads both)
                // a demand anomaly is <date>#demand; a movement's adds the movement's id
                String id = p.date() + (p.subject() == AnomalySubject.DEMAND ? "#demand" : "#stock_movement#");
                Map<String, AttributeValue> a = p.subject() == AnomalySubject.DEMAND
                        ? signalbox.dynamoDb().getItem(b -> b.tableName("anomalies")
                                .key(Map.of("sku", s(sku.sku()), "anomaly_id", s(id)))).item()
                        : signalbox.dynamoDb().query(b -> b.tableName("anomalies")
                                .keyConditionExpression("sku = :s AND begins_with(anomaly_id, :id)")
                                .expressionAttributeValues(Map.of(":s", s(sku.sku()), ":id", s(id)))).items()
                                .stream().findFirst().orElse(null);
                assertFalse(a == null || a.isEmpty(), "planted " + p + " of " + sku.sku() + " found");
                assertEquals(p.severity().name().toLowerCase(), a.get("severity").s(), sku.sku() + " " + p);
                assertFalse(a.get("reason").s().isBlank());
            }
        }
        assertTrue(expected > 0, "the catalogue plants anomalies in the last week");
        assertTrue(movementsExpected > 0, "the catalogue plants stock movement anomalies in the last week");
        assertTrue(Integer.parseInt(run.get("results_written").n()) >= expected);
    }

    @Test
    void theWeeklyReportRendersAChartAndATableRowForEverySku() throws Exception {
        Map<String, AttributeValue> run = runJob("weekly-report-generation-job", "");
        assertEquals(SKUS - 1, Integer.parseInt(run.get("skus_done").n()));
        Path reports = home.resolve("data").resolve("reports");
        Path html = reports.resolve("weekly-report-" + asOf + ".html");
        assertEquals(html.toAbsolutePath().toString(), run.get("output").s());
        Document page = Jsoup.parse(Files.readString(html));
        Set<String> inTable = new HashSet<>();
        page.select("table tr").forEach(row -> {
            String text = row.text();
            for (int i = 1; i <= SKUS; i++) {
                String sku = String.format("SKU-%05d", i);
                if (text.contains(sku)) {
                    inTable.add(sku);
                }
            }
        });
        assertEquals(SKUS - 1, inTable.size(), "every SKU but the poisoned one has a row: " + inTable);
        assertFalse(inTable.contains(POISONED));
        assertEquals(SKUS - 1, page.select("svg").size(), "one chart per SKU");
        assertFalse(page.select("svg polyline, svg path").isEmpty(), "the charts draw lines");
        String svgText = page.select("svg").text() + page.select("svg").parents().text();
        assertTrue(svgText.contains("SKU-00001"), "a chart names its SKU");
        JsonNode json = MAPPER.readTree(Files.readString(reports.resolve("weekly-report-" + asOf + ".json")));
        assertEquals(SKUS - 1, json.get("skus").size());
    }

    // ------------------------------------------------------------------ leases and schedules

    @Test
    void aRunThatFindsItsJobLeasedIsSkippedAndRecorded() throws Exception {
        JobLease lease = signalbox.context().getRegistry().lookupByNameAndType("jobLease", JobLease.class);
        JobLease.Lease held = lease.acquire("weekly-report-generation-job", Duration.ofMinutes(5)).orElseThrow();
        try {
            Map<String, AttributeValue> run = runJob("weekly-report-generation-job", "{\"sku\":\"SKU-00001\"}");
            assertEquals("skipped", run.get("status").s());
            assertTrue(run.get("reason").s().contains("holds its lease"));
            assertEquals(0, Integer.parseInt(run.get("skus_done").n()));
        } finally {
            lease.release(held);
        }
    }

    @Test
    void aScheduleFiresThroughQuartzIntoTheCommandPathAndRunsTheJob() throws Exception {
        Scheduler quartz = signalbox.context().getComponent("quartz", QuartzComponent.class).getScheduler();
        String job = "hourly-anomaly-detection-job";
        TriggerKey key = TriggerKey.triggerKey(job, ScheduleRoutes.QUARTZ_GROUP);
        Instant at = Instant.now().plusSeconds(1);
        quartz.rescheduleJob(key, TriggerBuilder.newTrigger().withIdentity(key)
                .forJob(JobKey.jobKey(job, ScheduleRoutes.QUARTZ_GROUP)).startAt(Date.from(at)).build());
        Map<String, AttributeValue> run = awaitValue(() -> runs(job).stream()
                .filter(r -> r.get("trigger").s().equals("scheduled")).findFirst().orElse(null));
        assertEquals(SKUS - 1, Integer.parseInt(run.get("skus_done").n()));
    }

    // ------------------------------------------------------------------ real-time inventory workflow

    @Test
    void anInventoryUpdateStoresOneAggregatedInsightAndRecommendsTheReorder() {
        String sku = "SKU-00007";
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(e -> e
                .source("supply-chain.inventory").detailType("Inventory Update")
                .detail("{\"event_type\":\"inventory_changed\",\"sku\":\"" + sku + "\",\"warehouse_id\":\"WH-001\","
                        + "\"quantity_change\":-40,\"quantity_on_hand\":0}")));
        assertEquals(0, response.failedEntryCount());
        String eventId = response.entries().get(0).eventId();
        Map<String, AttributeValue> insight = awaitItem("inventory-insights", Map.of("sku", s(sku)),
                item -> eventId.equals(item.get("event_id").s()));
        assertEquals("complete", insight.get("status").s());
        assertEquals("WH-001", insight.get("warehouse_id").s());
        assertEquals(-40, Integer.parseInt(insight.get("quantity_change").n()));
        assertTrue(insight.get("forecast").m().containsKey("next_7_days_mean"));
        Map<String, AttributeValue> recommendation = insight.get("recommendation").m();
        assertEquals(0, Double.parseDouble(recommendation.get("on_hand").n()));
        assertTrue(recommendation.get("reorder").bool(), "nothing on hand: reorder");
        assertTrue(insight.get("anomalies").hasL());
        assertTrue(insight.get("agents_failed").m().isEmpty());
        Map<String, AttributeValue> request = awaitItem("reorder-requests", Map.of("sku", s(sku)),
                item -> !item.containsKey("run_id") && eventId.equals(item.get("correlation_id").s()));
        assertEquals(Long.parseLong(recommendation.get("order_quantity").n()), Long.parseLong(request.get("quantity").n()));
    }

    /**
     * The real-time workflow scores the SKU's recorded stock movements too: a demo SKU with an unusual movement
     * planted in the last week has it among its insight's anomalies (the demo loads the movement log).
     */
    @Test
    void anInventoryUpdateScoresTheSkusRecordedStockMovements() {
        DemoSku planted = DemoData.catalogue(SEED, SKUS, 365).skus().stream()
                .filter(sku -> !sku.sku().equals(POISONED) && !sku.sku().equals("SKU-00007"))
                .filter(sku -> sku.planted().stream().anyMatch(p -> p.subject() == AnomalySubject.STOCK_MOVEMENT
                        && !p.date().isBefore(asOf.minusDays(5))))
                .findFirst().orElseThrow(() -> new AssertionError("the demo plants a recent movement anomaly"));
        Set<String> dates = planted.planted().stream()
                .filter(p -> p.subject() == AnomalySubject.STOCK_MOVEMENT && !p.date().isBefore(asOf.minusDays(5)))
                .map(p -> p.date().toString()).collect(Collectors.toSet());
        PutEventsResponse response = signalbox.events().putEvents(b -> b.entries(e -> e
                .source("supply-chain.inventory").detailType("Inventory Update")
                .detail("{\"sku\":\"" + planted.sku() + "\",\"quantity_change\":0}")));
        assertEquals(0, response.failedEntryCount());
        String eventId = response.entries().get(0).eventId();
        Map<String, AttributeValue> insight = awaitItem("inventory-insights", Map.of("sku", s(planted.sku())),
                item -> eventId.equals(item.get("event_id").s()));
        assertEquals("complete", insight.get("status").s());
        Set<String> found = insight.get("anomalies").l().stream().map(AttributeValue::m)
                .filter(a -> a.get("subject").s().equals("stock_movement"))
                .map(a -> a.get("date").s()).collect(Collectors.toSet());
        assertTrue(found.containsAll(dates), "planted on " + dates + ", found on " + found);
    }

    // ------------------------------------------------------------------ helpers

    /** Triggers {@code job} through the admin API and waits for its run's row in job-runs. */
    private static Map<String, AttributeValue> runJob(String job, String body) throws Exception {
        return JobRuns.runAndAwait(signalbox.httpEndpoint(), signalbox.dynamoDb(), job, body, PATIENCE);
    }

    private static List<Map<String, AttributeValue>> runs(String job) {
        return JobRuns.runs(signalbox.dynamoDb(), job);
    }

    private static Map<String, AttributeValue> awaitItem(String table, Map<String, AttributeValue> key,
            java.util.function.Predicate<Map<String, AttributeValue>> matching) {
        return awaitValue(() -> {
            Map<String, AttributeValue> item = signalbox.dynamoDb().getItem(b -> b.tableName(table).key(key)).item();
            return item != null && !item.isEmpty() && matching.test(item) ? item : null;
        });
    }

    private static Message awaitDeadLetter(String job, String runId) {
        String url = signalbox.queueUrl("command-dlq");
        return awaitValue(() -> signalbox.sqs().receiveMessage(b -> b.queueUrl(url)
                .maxNumberOfMessages(10).waitTimeSeconds(1).messageAttributeNames("All")).messages().stream()
                .filter(m -> m.messageAttributes().containsKey(DeadLetterAttributes.ERROR_ROUTE)
                        && m.messageAttributes().get(DeadLetterAttributes.ERROR_ROUTE).stringValue().equals("command-" + job)
                        && m.body().contains(runId))
                .findFirst().orElse(null));
    }

    /** Waits for {@code value} to give something (awaitility's until(supplier, matcher) needs a hamcrest we lack). */
    private static <T> T awaitValue(java.util.concurrent.Callable<T> value) {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        await().atMost(PATIENCE).until(() -> {
            T v = value.call();
            found.set(v);
            return v != null;
        });
        return found.get();
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }
}
