package io.signalbox.archive;

import java.util.List;

/**
 * A page of a bus's archived events in key order (event time, then id), and the key of the last one when more
 * may follow ({@code after}; null on the last page), which the next page starts after.
 */
public record ArchivePage(List<ArchivedEvent> events, String after) {

    public ArchivePage {
        events = List.copyOf(events);
    }
}
