package io.signalbox.idempotency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RepositoryKindTest {

    @Test
    void storeAndMemoryAreTheChoicesAndDynamodbIsAnAliasOfStore() {
        assertEquals(RepositoryKind.STORE, RepositoryKind.of("store"));
        assertEquals(RepositoryKind.MEMORY, RepositoryKind.of(" Memory "));
        assertEquals(RepositoryKind.STORE, RepositoryKind.of("dynamodb"), "deprecated, still accepted");
    }

    @Test
    void anythingElseIsRefusedNamingTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepositoryKind.of("sqlite"));
        assertTrue(e.getMessage().startsWith("signalbox.idempotency.repository is 'sqlite': expected store"), e.getMessage());
        assertTrue(e.getMessage().contains("or memory"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RepositoryKind.of(""));
    }
}
