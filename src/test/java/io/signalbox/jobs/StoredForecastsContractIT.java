package io.signalbox.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.agents.DemandForecaster;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.DemoCatalogue;
import io.signalbox.agents.DemoSku;
import io.signalbox.config.ResourceDeclarations;
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
 * {@link StoredForecasts}: forecasts read back (SQLite: {@link io.signalbox.store.Tables#getAll}; DynamoDB:
 * {@link DynamoDbForecastReads}, BatchGetItem with a projection) give the rates remembered as they were written.
 */
@ParameterizedClass
@EnumSource(Stores.Engine.class)
class StoredForecastsContractIT {

    static final LocalDate DAY = LocalDate.of(2025, 6, 30);

    @Parameter
    Stores.Engine engine;
    @TempDir
    Path dir;
    EngineFixture fixture;
    String table;

    @BeforeEach
    void open() {
        fixture = EngineFixture.open(engine, dir, List.of(new ResourceDeclarations.Table("forecasts", "sku", "as_of", null)));
        table = fixture.table("forecasts");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void forecastsReadBackGiveTheRatesRememberedWhenTheyWereWritten() {
        List<ObjectNode> items = new ArrayList<>();
        List<String> skus = new ArrayList<>();
        for (DemoSku sku : DemoCatalogue.generate(99, 5, DAY, 120).skus()) {
            ObjectNode item = ResultItems.forecast(new DemandForecaster().forecast(sku.demand()), DAY, "test", "run-1",
                    "2025-07-01T02:00:00Z");
            fixture.stores().tables().put(table, item).join();
            items.add(item);
            skus.add(sku.sku());
        }
        skus.add("SKU-NEVER-FORECAST");

        // a lead time of one point: moto (5.1) projects only one of several list elements (points[0].mean,
        // points[1].mean, ... gives one point) and fails on an index past the list's end, where DynamoDB returns
        // the elements that exist in order; AgentJobsIT reads seven-point rates back on SQLite
        StoredForecasts writer = StoredForecasts.of(fixture.stores(), table, 1);
        items.forEach(item -> writer.remember(item.get("sku").asText(), DAY, item));
        StoredForecasts reader = StoredForecasts.of(fixture.stores(), table, 1);
        Map<String, DemandRate> read = reader.rates(skus, DAY);
        assertEquals(5, read.size(), "every forecast written is read back, the unknown SKU is not: " + read.keySet());
        assertEquals(writer.rates(skus, DAY), read);
        assertTrue(reader.rates(skus, DAY.plusDays(1)).isEmpty(), "another day's forecast is not this day's");
    }
}
