package io.signalbox.bus;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses and validates a PutEvents request the way EventBridge does: a request that is malformed or has
 * the wrong number of entries is refused whole ({@link ApiException}); an invalid entry is refused on its
 * own ({@link Entry#errorCode()}) while the others go through.
 */
public final class PutEventsRequest {

    public static final int MAX_ENTRIES = 10;
    public static final int MAX_ENTRY_BYTES = 256 * 1024;

    private final List<Entry> entries;

    private PutEventsRequest(List<Entry> entries) {
        this.entries = entries;
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * One entry of the request: either an event ready for the bus ({@code event} set) or an error.
     *
     * @param event the EventBridge event (version, id, detail-type, source, account, time, region,
     *              resources, detail)
     */
    public record Entry(String bus, String source, String detailType, ObjectNode event, String errorCode,
            String errorMessage) {

        public boolean accepted() {
            return errorCode == null;
        }

        public String eventId() {
            return event.get("id").asText();
        }

        /** An accepted entry: the EventBridge event, with a new id, for {@code detail}. */
        public static Entry of(String bus, String source, String detailType, ObjectNode detail, JsonNode resources,
                Instant time, String account, String region) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("version", "0");
            event.put("id", EventIds.next());
            event.put("detail-type", detailType);
            event.put("source", source);
            event.put("account", account);
            event.put("time", time.toString());
            event.put("region", region);
            ArrayNode res = event.putArray("resources");
            if (resources != null && resources.isArray()) {
                for (JsonNode r : resources) {
                    res.add(r.asText());
                }
            }
            event.set("detail", detail);
            return new Entry(bus, source, detailType, event, null, null);
        }

        static Entry rejected(String source, String detailType, String code, String message) {
            return new Entry(null, source, detailType, null, code, message);
        }
    }

    /** Parses {@code body}; {@code account} and {@code region} stamp the accepted events. */
    public static PutEventsRequest parse(ObjectMapper mapper, byte[] body, String account, String region) {
        // JSON followed by anything else is malformed, not the JSON with the rest dropped
        ObjectReader json = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new ApiException("SerializationException", 400,
                    "Request body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ApiException("SerializationException", 400, "Request body must be a JSON object");
        }
        JsonNode entries = root.get("Entries");
        if (entries == null || entries.isNull()) {
            throw ApiException.validation(
                    "1 validation error detected: Value null at 'entries' failed to satisfy constraint: "
                            + "Member must not be null");
        }
        if (!entries.isArray()) {
            throw new ApiException("SerializationException", 400, "Entries must be a JSON array");
        }
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            throw ApiException.validation("1 validation error detected: Value at 'entries' failed to satisfy "
                    + "constraint: Member must have length " + (entries.isEmpty()
                            ? "greater than or equal to 1"
                            : "less than or equal to " + MAX_ENTRIES + " (the request has " + entries.size() + ")"));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Entry> parsed = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            parsed.add(entry(json, entry, account, region, now));
        }
        return new PutEventsRequest(parsed);
    }

    private static Entry entry(ObjectReader json, JsonNode entry, String account, String region, Instant now) {
        if (!entry.isObject()) {
            throw new ApiException("SerializationException", 400, "Each entry must be a JSON object");
        }
        String source = text(entry, "Source");
        String detailType = text(entry, "DetailType");
        String detailText = text(entry, "Detail");
        String bus = busName(text(entry, "EventBusName"));
        if (source == null || source.isBlank()) {
            return Entry.rejected(source, detailType, "InvalidArgument",
                    "Parameter Source is not valid. Reason: Source is a required argument.");
        }
        if (detailType == null || detailType.isBlank()) {
            return Entry.rejected(source, detailType, "InvalidArgument",
                    "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        }
        if (detailText == null) {
            return Entry.rejected(source, detailType, "InvalidArgument",
                    "Parameter Detail is not valid. Reason: Detail is a required argument.");
        }
        JsonNode resources = entry.get("Resources");
        if (resources != null && !resources.isNull() && !resources.isArray()) {
            return Entry.rejected(source, detailType, "InvalidArgument",
                    "Parameter Resources is not valid. Reason: Resources must be a list of ARNs.");
        }
        int size = entrySize(source, detailType, detailText, resources, entry.hasNonNull("Time"));
        if (size > MAX_ENTRY_BYTES) {
            return Entry.rejected(source, detailType, "EntryTooLarge", "Entry size is " + size
                    + " bytes, over the limit of " + MAX_ENTRY_BYTES + " bytes (Source, DetailType, Detail, "
                    + "Resources and Time count).");
        }
        JsonNode detail;
        try {
            detail = json.readTree(detailText);
        } catch (JsonProcessingException e) {
            return Entry.rejected(source, detailType, "MalformedDetail",
                    "Detail is malformed: not valid JSON (" + firstLine(e.getOriginalMessage()) + ").");
        }
        if (detail == null || !detail.isObject()) {
            return Entry.rejected(source, detailType, "MalformedDetail",
                    "Detail is malformed: it must be a JSON object, got "
                            + (detail == null ? "nothing" : detail.getNodeType().name().toLowerCase()) + ".");
        }
        Instant time;
        try {
            time = time(entry.get("Time"), now);
        } catch (DateTimeException | ArithmeticException e) {
            // unparseable text, or a number of seconds beyond what a timestamp can hold
            return Entry.rejected(source, detailType, "InvalidArgument",
                    "Parameter Time is not valid. Reason: " + e.getMessage());
        }
        return Entry.of(bus, source, detailType, (ObjectNode) detail, resources, time, account, region);
    }

    /** EventBridge's entry size: the UTF-8 bytes of Source, DetailType, Detail and Resources, 14 for Time. */
    private static int entrySize(String source, String detailType, String detail, JsonNode resources, boolean time) {
        int size = utf8(source) + utf8(detailType) + utf8(detail) + (time ? 14 : 0);
        if (resources != null && resources.isArray()) {
            for (JsonNode r : resources) {
                size += utf8(r.asText());
            }
        }
        return size;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The AWS SDKs send Time as epoch seconds; an ISO-8601 string is accepted too. */
    private static Instant time(JsonNode time, Instant now) {
        if (time == null || time.isNull()) {
            return now;
        }
        if (time.isNumber()) {
            BigDecimal seconds = time.decimalValue();
            return Instant.ofEpochSecond(seconds.setScale(0, RoundingMode.FLOOR).longValueExact());
        }
        return Instant.parse(time.asText()).truncatedTo(ChronoUnit.SECONDS);
    }

    /** EventBusName may be a name or an ARN (arn:aws:events:region:account:event-bus/name). */
    static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            return "default";
        }
        int slash = nameOrArn.indexOf("event-bus/");
        return nameOrArn.startsWith("arn:") && slash >= 0 ? nameOrArn.substring(slash + "event-bus/".length()) : nameOrArn;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
