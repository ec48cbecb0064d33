package io.signalbox.archive;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A replay of the archive as EventBridge's StartReplay asks for one: the events of {@code bus} whose time lies in
 * {@code [from, to)}, put back on the bus as the replay {@code name}. Parsing refuses bad input with a specific
 * {@link ArchiveException} (400); whether the bus exists is the replayer's to check.
 */
public record ReplayRequest(String bus, Instant from, Instant to, String name) {

    /** EventBridge's constraint on a replay name. */
    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    private static final Set<String> FIELDS = Set.of("bus", "from", "to", "name");
    private static final String EXAMPLE = "such as 2024-01-15T10:00:00Z or 2024-01-15T11:00:00+01:00";
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Reads {@code {"bus", "from", "to"}} and the optional {@code "name"}; {@code now} dates a generated name. */
    public static ReplayRequest parse(ObjectMapper mapper, byte[] body, Instant now) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            throw ArchiveException.badRequest("Request body is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw ArchiveException.badRequest("Request body must be a JSON object: "
                    + "{\"bus\": \"…\", \"from\": \"<ISO-8601>\", \"to\": \"<ISO-8601>\"} and optionally \"name\"");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ArchiveException.badRequest("Unknown field '" + field + "': a replay takes bus, from, to and "
                        + "optionally name");
            }
        }
        return of(text(root, "bus"), text(root, "from"), text(root, "to"), text(root, "name"), now);
    }

    /** The same checks for parameters given one by one (JMX); a null or blank name is generated. */
    public static ReplayRequest of(String bus, String from, String to, String name, Instant now) {
        if (bus == null || bus.isBlank()) {
            throw ArchiveException.badRequest("bus is required: the name of the event bus whose archive to replay");
        }
        Instant start = timestamp("from", from);
        Instant end = timestamp("to", to);
        if (start.isAfter(end)) {
            throw ArchiveException.badRequest("from (" + start + ") is after to (" + end + ")");
        }
        if (start.equals(end)) {
            throw ArchiveException.badRequest("from and to are the same instant (" + start
                    + "): the window [from, to) holds no event; to is exclusive");
        }
        String replayName = name == null || name.isBlank() ? generatedName(now) : name;
        if (!NAME.matcher(replayName).matches()) {
            throw ArchiveException.badRequest("name must be 1 to 64 letters, digits, '.', '-' or '_', not '"
                    + replayName + "'");
        }
        return new ReplayRequest(bus.trim(), start, end, replayName);
    }

    /** An ISO-8601 timestamp with a zone (Z or an offset); a date alone means its midnight UTC. */
    static Instant timestamp(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ArchiveException.badRequest(field + " is required: an ISO-8601 timestamp " + EXAMPLE);
        }
        String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeException e) {
            // not a timestamp with an offset: say which other thing it is
        }
        try {
            LocalDateTime.parse(v);
            throw ArchiveException.badRequest(field + " has no time zone: '" + v + "'; add Z for UTC or an offset "
                    + "such as +01:00");
        } catch (DateTimeException e) {
            // not a local date-time either
        }
        try {
            return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw ArchiveException.badRequest(field + " is not an ISO-8601 timestamp: '" + v + "'; expected one "
                    + EXAMPLE);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ArchiveException.badRequest(field + " must be a string, not " + v.getNodeType().name().toLowerCase()
                    + " " + v);
        }
        return v.asText();
    }

    private static String generatedName(Instant now) {
        return "replay-" + NAME_TIME.format(now) + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000) | 0x1000000).substring(1);
    }
}
