package io.signalbox.agents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * The weekly report as JSON: snake_case field names (as the seeds' events and tables use), dates and instants as
 * ISO-8601 strings, SKUs in the report's attention order. {@link #read} reads it back.
 */
public final class WeeklyReportJson {

    private static final ObjectMapper MAPPER = mapper();

    private WeeklyReportJson() {
    }

    /** The report as compact JSON (a catalogue of 10,000 SKUs makes tens of megabytes; pipe it through jq to read). */
    public static String write(WeeklyReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not write the weekly report as JSON", e);
        }
    }

    /** A report from JSON written by {@link #write}. */
    public static WeeklyReport read(String json) {
        try {
            return MAPPER.readValue(json, WeeklyReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a weekly report: " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper the report is written with, for callers that write the records themselves. */
    public static ObjectMapper mapper() {
        SimpleModule time = new SimpleModule("signalbox-agents-time");
        time.addSerializer(LocalDate.class, ToStringSerializer.instance);
        time.addSerializer(Instant.class, ToStringSerializer.instance);
        time.addDeserializer(LocalDate.class, new StdDeserializer<>(LocalDate.class) {
            @Override
            public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return LocalDate.parse(p.getValueAsString());
            }
        });
        time.addDeserializer(Instant.class, new StdDeserializer<>(Instant.class) {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper()
                .registerModule(time)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
