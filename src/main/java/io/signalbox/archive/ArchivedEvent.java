package io.signalbox.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event in the archive, as both engines store it ({@link ArchiveItems}): its bus, its key
 * {@code <time>#<id>} ({@link ArchiveKeys}), its id, time, source and detail-type, the whole event as JSON text, and
 * the epoch second it expires at (the TTL). Read back from a store, a field the stored item lacks is null (0 for
 * {@code expiresAt}).
 */
public record ArchivedEvent(String bus, String key, String id, String time, String source, String detailType,
        String event, long expiresAt) {

    /**
     * The archived form of {@code event}, accepted on {@code bus}; fails (a runtime exception) when the event has no
     * id or no ISO-8601 time, which PutEvents always gives it.
     */
    public static ArchivedEvent of(String bus, ObjectNode event, long expiresAt) {
        String id = event.get(ArchiveItems.ID).asText();
        String time = event.get(ArchiveItems.TIME).asText();
        return new ArchivedEvent(bus, ArchiveKeys.sortKey(time, id), id, time, event.path(ArchiveItems.SOURCE).asText(),
                event.path("detail-type").asText(), event.toString(), expiresAt);
    }
}
