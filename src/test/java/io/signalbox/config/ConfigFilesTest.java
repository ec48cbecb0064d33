package io.signalbox.config;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFilesTest {

    @Test
    void theBuiltInResourcesAreSeed001sQueuesAndTables(@TempDir Path emptyConfig) {
        // an empty config directory falls back to the copy built into the jar
        ResourceDeclarations resources = ConfigFiles.read(emptyConfig.toString(), "resources.yaml",
                ResourceDeclarations.class);
        assertEquals("classpath:signalbox/resources.yaml", ConfigFiles.describe(emptyConfig.toString(), "resources.yaml"));
        ResourceDeclarations.Queue orders = resources.queues().stream().filter(q -> q.name().equals("order-queue"))
                .findFirst().orElseThrow();
        assertEquals("order-dlq", orders.deadLetterQueue());
        assertEquals(3, orders.maxReceiveCount());
        assertEquals(30, orders.visibilityTimeoutSeconds());
        assertTrue(resources.queues().stream().anyMatch(q -> q.name().equals("inventory-queue")
                && "inventory-dlq".equals(q.deadLetterQueue())));
        assertTrue(resources.tables().contains(new ResourceDeclarations.Table("orders", "order_id", null, null)));
        assertTrue(resources.tables().contains(new ResourceDeclarations.Table("inventory", "item_id", null, null)));
    }

    @Test
    void aFileInTheConfigDirectoryWinsOverTheBuiltInOne(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("resources.yaml"), """
                queues:
                  - name: only-queue
                tables:
                  - name: t
                    partition-key: k
                    ttl-attribute: expires_at
                """);
        ResourceDeclarations resources = ConfigFiles.read(config.toString(), "resources.yaml", ResourceDeclarations.class);
        assertEquals(1, resources.queues().size());
        assertEquals("only-queue", resources.queues().get(0).name());
        assertNull(resources.queues().get(0).deadLetterQueue());
        assertEquals(30, resources.queues().get(0).visibilityTimeoutSeconds());
        assertEquals("expires_at", resources.tables().get(0).ttlAttribute());
    }

    @Test
    void aTableWithoutAKeyIsRefused(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("resources.yaml"), "tables:\n  - name: t\n");
        Exception e = assertThrows(Exception.class,
                () -> ConfigFiles.read(config.toString(), "resources.yaml", ResourceDeclarations.class));
        assertTrue(e.getMessage().contains("partition-key"), e.getMessage());
    }

    @Test
    void profilesAreNamedAndAnUnknownOneIsRefused() {
        assertEquals(Profile.LOCAL, Profile.of(null));
        assertEquals(Profile.AWS, Profile.of(" AWS "));
        assertEquals(Profile.AZURE, Profile.of("azure"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.of("gcp"));
        assertTrue(e.getMessage().contains("gcp") && e.getMessage().contains("local, aws, azure"));
    }
}
