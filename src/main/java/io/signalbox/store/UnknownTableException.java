package io.signalbox.store;

import java.util.Collection;

/** A table that is not declared in {@code resources.yaml}. */
public final class UnknownTableException extends IllegalArgumentException {

    private final String table;

    public UnknownTableException(String table, Collection<String> known) {
        super("Table " + table + " does not exist; the tables are " + String.join(", ", known.stream().sorted().toList()));
        this.table = table;
    }

    public String table() {
        return table;
    }
}
