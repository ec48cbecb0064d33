package io.signalbox.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.signalbox.bus.BusListener;

/**
 * Signalbox's own counters, exported at {@code /observe/metrics}: events accepted, rejected and unmatched
 * by the bus, and taken in by the ingest routes, per source and detail-type. Counters are looked up once
 * per tag combination and then reused, so counting costs a map lookup.
 */
public final class EventCounters implements BusListener {

    private static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public EventCounters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void accepted(String bus, String source, String detailType) {
        counter("signalbox.events.accepted", "bus", bus, "source", source, "detail_type", detailType).increment();
    }

    @Override
    public void rejected(String source, String detailType, String errorCode) {
        counter("signalbox.events.rejected", "source", source, "detail_type", detailType, "error_code", errorCode)
                .increment();
    }

    @Override
    public void unmatched(String bus, String source, String detailType) {
        counter("signalbox.events.unmatched", "bus", bus, "source", source, "detail_type", detailType).increment();
    }

    /** An event taken in from {@code queue} by an ingest route. */
    public void ingested(String queue, String source, String detailType) {
        counter("signalbox.events.ingested", "queue", queue, "source", source, "detail_type", detailType).increment();
    }

    /** A message an ingest route could not take (it stays on its queue for redrive). */
    public void ingestFailed(String queue) {
        counter("signalbox.events.ingest.failed", "queue", queue).increment();
    }

    /** A message moved to the DLQ of {@code queue} by the dead-letter channel. */
    public void deadLettered(String queue, String error) {
        counter("signalbox.events.dead.lettered", "queue", queue, "error", error).increment();
    }

    /**
     * An event the router took and what it made of it: domain, command, unrouted, circuit_breaker, duplicate, or
     * in_progress (its idempotency claim is held by another attempt: not processed now, it comes back).
     */
    public void routed(String outcome, String source, String detailType) {
        counter("signalbox.events.routed", "outcome", outcome, "source", source, "detail_type", detailType).increment();
    }

    /** The sum of the counters named {@code name} that have these tags (and any others), 0 when none. */
    public double count(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** {@code tags} alternate keys and values; a null or blank value is tagged "none". */
    private Counter counter(String name, String... tags) {
        StringBuilder key = new StringBuilder(name);
        for (int i = 1; i < tags.length; i += 2) {
            key.append('\u0001').append(tags[i]);
        }
        return counters.computeIfAbsent(key.toString(), k -> {
            Counter.Builder b = Counter.builder(name);
            for (int i = 0; i < tags.length; i += 2) {
                String v = tags[i + 1];
                b.tag(tags[i], v == null || v.isBlank() ? NONE : v);
            }
            return b.register(registry);
        });
    }
}
