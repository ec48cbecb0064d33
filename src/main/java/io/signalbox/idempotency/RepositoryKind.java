package io.signalbox.idempotency;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The router's idempotent repository ({@code signalbox.idempotency.repository}). */
public enum RepositoryKind {
    /** The claims in the store of {@code signalbox.store.engine} ({@link ClaimRepository} over a {@link ClaimStore}). */
    STORE,
    /** Camel's in-memory repository: this JVM only (benchmarks, tests), and no claims in progress. */
    MEMORY;

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryKind.class);

    public static RepositoryKind of(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "store" -> STORE;
            case "memory" -> MEMORY;
            case "dynamodb" -> {
                // the name from when the claims lived in DynamoDB in every profile
                LOG.warn("signalbox.idempotency.repository=dynamodb is deprecated: it means store (the claims in the "
                        + "store of signalbox.store.engine); set it to store");
                yield STORE;
            }
            default -> throw new IllegalArgumentException("signalbox.idempotency.repository is '" + value
                    + "': expected store (the claims in the store of signalbox.store.engine: SQLite, or DynamoDB "
                    + "shared by every instance) or memory (this JVM only: benchmarks, tests)");
        };
    }
}
