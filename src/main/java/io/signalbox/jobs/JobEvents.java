package io.signalbox.jobs;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.rules.Rule;

/**
 * The command events that run jobs, in the shape EventBridge gives a scheduled rule's target: {@code version}
 * 0, a new {@code id}, {@code detail-type} {@code Scheduled Event}, {@code source} {@code aws.events}, the
 * account and region, {@code time} the scheduled time (whole seconds, UTC), {@code resources} the rule's ARN
 * and {@code detail} {@code {}}. An operator's trigger has the same shape, with {@code detail}
 * {@code {"command": <job>, "trigger": "manual"}} (and the request's {@code parameters}, if any), so the
 * router treats both alike and a job can tell them apart.
 */
public final class JobEvents {

    public static final String DETAIL_TYPE = "Scheduled Event";
    public static final String SOURCE = "aws.events";

    private final ObjectMapper mapper;
    private final JobCatalog catalog;
    private final String account;
    private final String region;

    public JobEvents(ObjectMapper mapper, JobCatalog catalog, String account, String region) {
        this.mapper = mapper;
        this.catalog = catalog;
        this.account = account;
        this.region = region;
    }

    /** The event EventBridge would send for {@code rule}'s run scheduled at {@code time}. */
    public String scheduled(String id, Rule rule, Instant time) {
        return event(id, rule, time, mapper.createObjectNode()).toString();
    }

    /** An operator's run of {@code rule}'s job now; {@code parameters} may be null. */
    public String manual(String id, Rule rule, Instant now, JsonNode parameters) {
        ObjectNode detail = mapper.createObjectNode();
        detail.put("command", rule.name());
        detail.put("trigger", "manual");
        if (parameters != null && !parameters.isEmpty()) {
            detail.set("parameters", parameters);
        }
        return event(id, rule, now, detail).toString();
    }

    private ObjectNode event(String id, Rule rule, Instant time, ObjectNode detail) {
        ObjectNode event = mapper.createObjectNode();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", DETAIL_TYPE);
        event.put("source", SOURCE);
        event.put("account", account);
        event.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        event.putArray("resources").add(catalog.arn(rule));
        event.set("detail", detail);
        return event;
    }
}
