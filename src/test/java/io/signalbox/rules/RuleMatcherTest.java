package io.signalbox.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleMatcherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode event(String source, String detailType, String detail) throws Exception {
        return MAPPER.readTree("{\"version\":\"0\",\"id\":\"1\",\"source\":\"" + source + "\",\"detail-type\":\""
                + detailType + "\",\"account\":\"0\",\"time\":\"t\",\"region\":\"r\",\"resources\":[],\"detail\":"
                + detail + "}");
    }

    private static List<String> names(List<Rule> rules) {
        return rules.stream().map(Rule::name).toList();
    }

    @Test
    void theDefaultRulesRouteTheSeedEventsToTheirQueues() throws Exception {
        RuleMatcher matcher = new RuleMatcher(ConfigFiles.read("config", "rules.yaml", RuleSet.class));
        String bus = "custom-event-bus";
        assertEquals(List.of("order-events-rule"), names(matcher.match(bus, event("orders", "Order Created", "{}"))));
        assertEquals(List.of("order-events-rule"), names(matcher.match(bus, event("orders", "Order Completed", "{}"))));
        assertEquals(List.of("inventory-events-rule"),
                names(matcher.match(bus, event("inventory", "Inventory Updated", "{}"))));
        assertEquals(List.of("notification-events-rule"),
                names(matcher.match(bus, event("notifications", "Notification Sent", "{}"))));
        assertEquals(List.of("workflow-events-rule"),
                names(matcher.match(bus, event("workflow", "Workflow Triggered", "{}"))));
        assertEquals(List.of("supply-chain-inventory-update-rule"),
                names(matcher.match("default", event("supply-chain.inventory", "Inventory Update", "{}"))));
        // right source, wrong detail-type; right event, wrong bus
        assertTrue(matcher.match(bus, event("orders", "Order Shipped", "{}")).isEmpty());
        assertTrue(matcher.match("default", event("orders", "Order Created", "{}")).isEmpty());
        assertEquals("order-queue", matcher.match(bus, event("orders", "Order Created", "{}")).get(0).targets().get(0)
                .queueName());
    }

    @Test
    void disabledRulesNeverMatch() throws Exception {
        JsonNode pattern = MAPPER.readTree("{\"source\":[\"a\"]}");
        RuleMatcher matcher = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("off", null, null, "DISABLED", pattern, List.of(new Rule.Target(null, null, "q"))))));
        assertTrue(matcher.match("default", event("a", "T", "{}")).isEmpty());
    }

    @Test
    void eventBridgePatternSyntaxWorks() throws Exception {
        RuleMatcher matcher = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("prefix", null, null, null, MAPPER.readTree("{\"source\":[{\"prefix\":\"alchemiser.\"}]}"),
                        List.of(new Rule.Target(null, null, "orchestrator"))),
                new Rule("numeric", null, null, null,
                        MAPPER.readTree("{\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}"),
                        List.of(new Rule.Target(null, null, "big"))))));
        assertEquals(List.of("prefix"), names(matcher.match("default", event("alchemiser.trading", "X", "{}"))));
        assertTrue(matcher.match("default", event("other.alchemiser", "X", "{}")).isEmpty());
        assertEquals(List.of("numeric"), names(matcher.match("default", event("s", "X", "{\"total\":150}"))));
        assertTrue(matcher.match("default", event("s", "X", "{\"total\":50}")).isEmpty());
    }

    @Test
    void badRuleSetsAreRefusedByName() throws Exception {
        JsonNode pattern = MAPPER.readTree("{\"source\":[\"a\"]}");
        List<Rule.Target> q = List.of(new Rule.Target(null, null, "q"));
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> new RuleSet(null, List.of(new Rule("r", "elsewhere", null, null, pattern, q))));
        assertTrue(undeclared.getMessage().contains("elsewhere"));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> new RuleSet(null, List.of(new Rule("r", null, null, null, pattern, q),
                        new Rule("r", null, null, null, pattern, q))));
        assertTrue(twice.getMessage().contains("declared twice"));
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class,
                () -> new RuleMatcher(new RuleSet(null, List.of(new Rule("broken", null, null, null,
                        MAPPER.readTree("{\"source\":\"not-a-list\"}"), q)))));
        assertTrue(invalid.getMessage().contains("broken"));
        assertThrows(IllegalArgumentException.class, () -> new Rule("s", null, null, "PAUSED", pattern, q));
        assertThrows(IllegalArgumentException.class, () -> new Rule.Target("t", "arn:aws:lambda:x:y:function:f", null));
        assertThrows(IllegalArgumentException.class, () -> new Rule.Target("t", null, null));
    }

    @Test
    void rulesYamlWithAnUnknownKeyFailsNamingTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - name: r\n    event-pattern: {source: [a]}\n    taregts: [{queue: q}]\n");
        Exception e = assertThrows(Exception.class, () -> ConfigFiles.read(dir.toString(), "rules.yaml", RuleSet.class));
        assertTrue(e.getMessage().contains(dir.resolve("rules.yaml").toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("taregts"), e.getMessage());
    }
}
