package io.signalbox.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.DemandForecaster;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.InventoryRecommendation;
import io.signalbox.events.InvalidEventException;
import io.signalbox.store.DynamoItems;
import io.signalbox.store.Items;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jobs' plain parts: command narrowing, settings, result items, stored forecasts, run records. */
class AgentJobsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void aCommandNarrowsItsRunBySkuOrByItsParametersSku() throws Exception {
        assertNull(AgentJobRoutes.narrowedSku("j", null));
        assertNull(AgentJobRoutes.narrowedSku("j", MAPPER.readTree("{}")));
        assertEquals("SKU-001", AgentJobRoutes.narrowedSku("j", MAPPER.readTree("{\"sku\":\" SKU-001 \"}")));
        assertEquals("SKU-002", AgentJobRoutes.narrowedSku("j",
                MAPPER.readTree("{\"command\":\"j\",\"trigger\":\"manual\",\"parameters\":{\"sku\":\"SKU-002\"}}")));
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> AgentJobRoutes.narrowedSku("daily-forecasting-job", MAPPER.readTree("{\"sku\":42}")));
        assertTrue(e.getMessage().contains("daily-forecasting-job") && e.getMessage().contains("\"sku\" must be"),
                e.getMessage());
    }

    @Test
    void settingsFailByNameWhenMissingOrMalformed() {
        Map<String, String> p = defaults();
        assertEquals(4, AgentSettings.from(p::get).parallelism());
        p.put("signalbox.jobs.parallelism", "zero");
        IllegalStateException bad = assertThrows(IllegalStateException.class, () -> AgentSettings.from(p::get));
        assertTrue(bad.getMessage().contains("signalbox.jobs.parallelism"), bad.getMessage());
        Map<String, String> s3 = defaults();
        s3.put("signalbox.jobs.reports.target", "S3");
        IllegalStateException target = assertThrows(IllegalStateException.class, () -> AgentSettings.from(s3::get));
        assertTrue(target.getMessage().contains("expected file"), target.getMessage());
        s3.put("signalbox.jobs.reports.target", "s3");
        s3.put("signalbox.jobs.reports.s3-bucket", "reports-bucket");
        assertEquals("reports-bucket", AgentSettings.from(s3::get).reportsBucket());
    }

    @Test
    void numbersAreWhatDynamoDbTakes() {
        assertEquals("0", n(Double.NaN));
        assertEquals("2", n(2.0));
        assertEquals("1.2346", n(1.23456));
        assertEquals("-0.5", n(-0.5));
    }

    /** A figure of a result item as DynamoDB's N holds it. */
    private static String n(double v) {
        return DynamoItems.value(Items.NODES.numberNode(Items.figure(v))).n();
    }

    /** A result item in DynamoDB: the attribute types and digits the items always had. */
    @Test
    void aRecommendationItemIsTheDynamoDbItemItWas() {
        InventoryRecommendation r = new InventoryRecommendation("SKU-1", 12.345678, 3.0, "forecast", 7, 50, 2.5, 0.95,
                4506.2, 424.56789, 1.6449, 13.0567, 99.4, 10, 0, 10, true, 425);
        Map<String, AttributeValue> item = DynamoItems.attributes(ResultItems.recommendation(r, true,
                LocalDate.of(2026, 11, 30), "daily-optimization-job", "run-1", "2026-12-01T03:00:00Z"));
        assertEquals(Map.of("sku", "SKU-1", "as_of", "2026-11-30", "job", "daily-optimization-job", "run_id", "run-1",
                "generated_at", "2026-12-01T03:00:00Z", "demand_basis", "forecast"), strings(item));
        assertEquals("12.3457", item.get("daily_mean").n());
        assertEquals("3", item.get("daily_sd").n());
        assertEquals("7", item.get("lead_time_days").n());
        assertEquals("0.95", item.get("service_level").n());
        assertEquals("424.5679", item.get("eoq").n());
        assertEquals("99.4", item.get("reorder_point").n());
        assertEquals("425", item.get("order_quantity").n());
        assertEquals(Boolean.TRUE, item.get("reorder").bool());
        assertEquals(Boolean.TRUE, item.get("stock_known").bool());
        assertEquals(22, item.size(), item.keySet().toString());
    }

    private static Map<String, String> strings(Map<String, AttributeValue> item) {
        Map<String, String> s = new HashMap<>();
        item.forEach((k, v) -> {
            if (v.s() != null) {
                s.put(k, v.s());
            }
        });
        return s;
    }

    /** Optimisation on the stored forecast uses the same demand rate as on a fresh one (to the stored 4 decimals). */
    @Test
    void aStoredForecastGivesTheDemandRateOfTheForecast() {
        LocalDate end = LocalDate.of(2026, 11, 30);
        var sku = DemoCatalogue.generate(5, 1, end, 365).skus().get(0);
        Forecast f = new DemandForecaster().forecast(sku.demand());
        ObjectNode item = ResultItems.forecast(f, end, "j", "r", Instant.now().toString());
        // and as DynamoDB gives it back
        ObjectNode readBack = DynamoItems.item(DynamoItems.attributes(item));
        for (double lead : new double[] {1, 7, 30}) {
            DemandRate fresh = DemandRate.fromForecast(f, lead);
            DemandRate stored = StoredForecasts.rate(item, end, lead);
            assertEquals(fresh.dailyMean(), stored.dailyMean(), 1e-3, "lead " + lead);
            assertEquals(fresh.dailySd(), stored.dailySd(), 1e-3);
            assertEquals(stored, StoredForecasts.rate(readBack, end, lead));
        }
    }

    @Test
    void aRunRecordCountsEveryFailureAndListsTheFirstHundred() {
        JobRun run = new JobRun("j", "2026-12-01T00:00:00Z#abc", "e", "manual", "all", Instant.parse("2026-12-01T00:00:00Z"),
                null);
        run.total(250);
        for (int i = 0; i < 150; i++) {
            run.failed(new JobRun.Failure("SKU-" + i, "java.lang.IllegalArgumentException", "bad"));
        }
        for (int i = 0; i < 100; i++) {
            run.done();
        }
        Map<String, AttributeValue> item = DynamoItems.attributes(run.item(Instant.parse("2026-12-01T00:00:05Z"),
                run.status(), null));
        assertEquals("completed_with_failures", item.get("status").s());
        assertEquals("150", item.get("skus_failed").n());
        assertEquals("100", item.get("skus_done").n());
        assertEquals(100, item.get("failures").l().size());
        assertEquals("5000", item.get("duration_ms").n());
    }

    private static Map<String, String> defaults() {
        Map<String, String> p = new HashMap<>();
        try (var in = AgentJobsTest.class.getResourceAsStream("/application.properties")) {
            java.util.Properties props = new java.util.Properties();
            props.load(in);
            props.forEach((k, v) -> p.put((String) k, (String) v));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        p.put("signalbox.jobs.reports.dir", "data/reports");
        return p;
    }
}
