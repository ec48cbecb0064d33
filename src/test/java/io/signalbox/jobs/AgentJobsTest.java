package io.signalbox.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.agents.DemandForecaster;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.Forecast;
import io.signalbox.events.InvalidEventException;
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
        assertEquals("0", ResultItems.n(Double.NaN).n());
        assertEquals("2", ResultItems.n(2.0).n());
        assertEquals("1.2346", ResultItems.n(1.23456).n());
        assertEquals("-0.5", ResultItems.n(-0.5).n());
    }

    /** Optimisation on the stored forecast uses the same demand rate as on a fresh one (to the stored 4 decimals). */
    @Test
    void aStoredForecastGivesTheDemandRateOfTheForecast() {
        LocalDate end = LocalDate.of(2026, 11, 30);
        var sku = DemoCatalogue.generate(5, 1, end, 365).skus().get(0);
        Forecast f = new DemandForecaster().forecast(sku.demand());
        Map<String, AttributeValue> item = ResultItems.forecast(f, end, "j", "r", Instant.now().toString());
        for (double lead : new double[] {1, 7, 30}) {
            DemandRate fresh = DemandRate.fromForecast(f, lead);
            DemandRate stored = StoredForecasts.rate(item, end, lead);
            assertEquals(fresh.dailyMean(), stored.dailyMean(), 1e-3, "lead " + lead);
            assertEquals(fresh.dailySd(), stored.dailySd(), 1e-3);
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
        Map<String, AttributeValue> item = run.item(Instant.parse("2026-12-01T00:00:05Z"), run.status(), null);
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
