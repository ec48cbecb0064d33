package io.signalbox.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Moves the detail of one detail-type from schema version {@link #from()} to {@code from() + 1}, so that
 * handlers only ever see the current version (seed 003: "Migrate v1 → v2"). Upcasters chain: v1 → v2 → v3.
 */
public interface Upcaster {

    /** The detail-type this upcaster applies to. */
    String detailType();

    /** The schema version it reads; it writes {@code from() + 1}. */
    int from();

    /** Returns the detail in version {@code from() + 1} (may modify and return {@code detail}). */
    ObjectNode upcast(ObjectNode detail);
}
