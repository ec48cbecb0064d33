package io.signalbox.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.signalbox.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The YAML configuration files: strict reading, the config directory over the built-in copy, the defaults. */
class ConfigFilesTest {

    @Test
    void theBuiltInResourcesAreSeed001sQueuesWithDlqsAndTables(@TempDir Path emptyConfig) {
        // an empty config directory falls back to the copy built into the jar
        ResourceDeclarations resources = ConfigFiles.read(emptyConfig.toString(), "resources.yaml",
                ResourceDeclarations.class);
        assertEquals("classpath:signalbox/resources.yaml", ConfigFiles.describe(emptyConfig.toString(), "resources.yaml"));
        assertEquals(new ResourceDeclarations.Queue("order-queue", 30, "order-dlq", 3), queue(resources, "order-queue"));
        assertEquals(new ResourceDeclarations.Queue("inventory-queue", 30, "inventory-dlq", 3),
                queue(resources, "inventory-queue"));
        for (ResourceDeclarations.Queue q : resources.queues()) {
            if (q.name().equals("unrouted") || q.name().equals("notifications")) {
                // a parking queue, read by people: nothing consumes it, so it needs no DLQ
                assertNull(q.deadLetterQueue());
                continue;
            }
            // the command queue's jobs run while their message is in flight: a longer visibility timeout
            int visibility = q.name().equals("command-queue") ? 300 : 30;
            assertTrue(q.deadLetterQueue() != null && q.maxReceiveCount() == 3
                    && q.visibilityTimeoutSeconds() == visibility, q.toString());
        }
        // seed 001's tables first, then the ones later capabilities declare
        assertEquals(List.of(new ResourceDeclarations.Table("orders", "order_id", null, null),
                new ResourceDeclarations.Table("inventory", "item_id", null, null)), resources.tables().subList(0, 2));
        assertTrue(resources.tables().contains(
                new ResourceDeclarations.Table("idempotency-keys", "idempotency_key", null, "expires_at")));
        assertTrue(resources.tables().contains(new ResourceDeclarations.Table("event-archive", "bus", "archived", "expires_at")));
        assertTrue(resources.tables().contains(new ResourceDeclarations.Table("workflows", "workflow_id", null, null)));
    }

    @Test
    void everyQueueTheDefaultRulesTargetIsDeclaredWithItsDlqAndIngested() throws Exception {
        ResourceDeclarations resources = ConfigFiles.read("config", "resources.yaml", ResourceDeclarations.class);
        java.util.Properties defaults = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            defaults.load(in);
        }
        List<String> ingested = java.util.Arrays.stream(defaults.getProperty("signalbox.ingest.queues").split(","))
                .map(String::trim).toList();
        for (String queue : ConfigFiles.read("config", "rules.yaml", RuleSet.class).targetQueues()) {
            ResourceDeclarations.Queue declared = queue(resources, queue);
            assertTrue(declared != null && declared.deadLetterQueue() != null, queue + " is declared with a DLQ");
            assertTrue(ingested.contains(queue), queue + " is in signalbox.ingest.queues " + ingested);
        }
    }

    @Test
    void theBuiltInCopiesAreTheRepositorysConfigFiles(@TempDir Path emptyConfig) {
        assertEquals(ConfigFiles.read("config", "resources.yaml", ResourceDeclarations.class),
                ConfigFiles.read(emptyConfig.toString(), "resources.yaml", ResourceDeclarations.class));
        assertEquals(ConfigFiles.read("config", "rules.yaml", RuleSet.class),
                ConfigFiles.read(emptyConfig.toString(), "rules.yaml", RuleSet.class));
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
        assertEquals(config.resolve("resources.yaml").toAbsolutePath().toString(),
                ConfigFiles.describe(config.toString(), "resources.yaml"));
        assertEquals(1, resources.queues().size());
        assertEquals("only-queue", resources.queues().get(0).name());
        // a queue without a DLQ; the visibility timeout defaults to 30 s
        assertNull(resources.queues().get(0).deadLetterQueue());
        assertEquals(30, resources.queues().get(0).visibilityTimeoutSeconds());
        assertEquals("expires_at", resources.tables().get(0).ttlAttribute());
    }

    @Test
    void anUnknownKeyFailsWithAMessageNamingTheFileAndTheKey(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("resources.yaml"), """
                queues:
                  - name: q
                    visibility-timeout: 30
                """);
        Exception e = assertThrows(RuntimeException.class,
                () -> ConfigFiles.read(config.toString(), "resources.yaml", ResourceDeclarations.class));
        assertTrue(e.getMessage().startsWith("Invalid " + config.resolve("resources.yaml").toAbsolutePath() + ": "),
                e.getMessage());
        assertTrue(e.getMessage().contains("\"visibility-timeout\""), e.getMessage());
    }

    @Test
    void aMisspeltRuleKeyFailsWithAMessageNamingTheFile(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("rules.yaml"),
                "rules:\n  - name: r\n    event-pattern: {source: [a]}\n    taregts: [{queue: q}]\n");
        Exception e = assertThrows(RuntimeException.class,
                () -> ConfigFiles.read(config.toString(), "rules.yaml", RuleSet.class));
        assertTrue(e.getMessage().contains(config.resolve("rules.yaml").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("taregts"), e.getMessage());
    }

    @Test
    void anInvalidRuleInTheFileFailsNamingTheFileAndTheRule(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("rules.yaml"),
                "rules:\n  - name: lost\n    event-bus-name: nowhere\n    event-pattern: {source: [a]}\n");
        Exception e = assertThrows(RuntimeException.class,
                () -> ConfigFiles.read(config.toString(), "rules.yaml", RuleSet.class));
        assertTrue(e.getMessage().contains(config.resolve("rules.yaml").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("Rule lost is on event bus nowhere"), e.getMessage());
    }

    @Test
    void aTableWithoutAKeyIsRefused(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("resources.yaml"), "tables:\n  - name: t\n");
        Exception e = assertThrows(RuntimeException.class,
                () -> ConfigFiles.read(config.toString(), "resources.yaml", ResourceDeclarations.class));
        assertTrue(e.getMessage().contains("partition-key of table t"), e.getMessage());
    }

    @Test
    void aFileNeitherInTheConfigDirectoryNorBuiltInIsNamed(@TempDir Path config) {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ConfigFiles.read(config.toString(), "nothing.yaml", RuleSet.class));
        assertEquals("No nothing.yaml in " + config + " nor built into the jar", e.getMessage());
    }

    private static ResourceDeclarations.Queue queue(ResourceDeclarations resources, String name) {
        return resources.queues().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }
}
