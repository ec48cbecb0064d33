package io.signalbox.rules;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ConfigFiles;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules as config/rules.yaml declares them, matched with event-ruler as EventBridge matches them. */
class RuleMatcherTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Rule.Target> Q = List.of(new Rule.Target(null, null, "q"));

    private static JsonNode event(String source, String detailType, String detail) throws Exception {
        return MAPPER.readTree("{\"version\":\"0\",\"id\":\"1\",\"source\":\"" + source + "\",\"detail-type\":\""
                + detailType + "\",\"account\":\"0\",\"time\":\"t\",\"region\":\"r\",\"resources\":[],\"detail\":"
                + detail + "}");
    }

    private static JsonNode json(String json) throws Exception {
        return MAPPER.readTree(json);
    }

    private static List<String> names(List<Rule> rules) {
        return rules.stream().map(Rule::name).toList();
    }

    private static RuleSet defaults() {
        return ConfigFiles.read("config", "rules.yaml", RuleSet.class);
    }

    @Test
    void theDefaultRulesYamlDeclaresTheSeedRulesAndBuses() {
        RuleSet rules = defaults();
        assertEquals(List.of("default", "custom-event-bus", "alchemiser-trading-events"), rules.eventBuses());
        assertEquals(List.of("order-events-rule", "inventory-events-rule", "notification-events-rule",
                "workflow-events-rule", "supply-chain-inventory-update-rule", "supply-chain-reorder-recommended-rule",
                "workflow-started-rule",
                "signal-generated-rule", "rebalance-planned-rule", "trade-executed-rule", "workflow-completed-rule",
                "workflow-failed-rule", "all-events-to-orchestrator-rule"),
                rules.rules().stream().filter(r -> !r.scheduled()).map(Rule::name).toList());
        assertTrue(rules.rules().stream().allMatch(Rule::enabled));
        assertEquals("custom-event-bus", rules.rules().get(0).eventBusName());
        assertEquals("default", rules.rules().get(4).eventBusName());
        assertEquals("default", rules.rules().get(5).eventBusName());
        assertTrue(rules.rules().subList(6, 13).stream().allMatch(r -> r.eventBusName().equals("alchemiser-trading-events")));
        assertEquals(Set.of("order-queue", "inventory-queue", "notification-queue", "workflow-queue",
                "supply-chain-queue", "alchemiser-workflow-started-queue", "alchemiser-signal-generated-queue",
                "alchemiser-rebalance-planned-queue", "alchemiser-trade-executed-queue",
                "alchemiser-workflow-completed-queue", "alchemiser-workflow-failed-queue",
                "alchemiser-orchestrator-queue", "command-queue"), rules.targetQueues());
    }

    @Test
    void theDefaultRulesRouteTheSeedEventsToTheirQueues() throws Exception {
        RuleMatcher matcher = new RuleMatcher(defaults());
        String bus = "custom-event-bus";
        assertEquals(Set.of("default", "custom-event-bus", "alchemiser-trading-events"), matcher.buses());
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
        assertEquals("order-queue", matcher.match(bus, event("orders", "Order Created", "{}")).get(0).targets().get(0)
                .queueName());
        assertEquals("supply-chain-queue", matcher.match("default", event("supply-chain.inventory", "Inventory Update",
                "{}")).get(0).targets().get(0).queueName());
    }

    /** Seed 002: each domain type to its own queue, every other alchemiser event to the orchestrator; once each. */
    @Test
    void theAlchemiserRulesSendEachEventToExactlyOneQueue() throws Exception {
        RuleMatcher matcher = new RuleMatcher(defaults());
        String bus = "alchemiser-trading-events";
        java.util.Map<String, String> queues = new java.util.LinkedHashMap<>();
        queues.put("WorkflowStarted", "alchemiser-workflow-started-queue");
        queues.put("SignalGenerated", "alchemiser-signal-generated-queue");
        queues.put("RebalancePlanned", "alchemiser-rebalance-planned-queue");
        queues.put("TradeExecuted", "alchemiser-trade-executed-queue");
        queues.put("WorkflowCompleted", "alchemiser-workflow-completed-queue");
        queues.put("WorkflowFailed", "alchemiser-workflow-failed-queue");
        queues.put("ErrorNotificationRequested", "alchemiser-orchestrator-queue");
        queues.put("Scheduled Event", "alchemiser-orchestrator-queue");
        queues.put("PortfolioSnapshotTaken", "alchemiser-orchestrator-queue");
        for (var e : queues.entrySet()) {
            for (String source : List.of("alchemiser.strategy", "alchemiser.execution", "alchemiser.")) {
                List<Rule> rules = matcher.match(bus, event(source, e.getKey(), "{}"));
                assertEquals(List.of(e.getValue()), rules.stream().flatMap(r -> r.targets().stream())
                        .map(Rule.Target::queueName).toList(), source + " " + e.getKey());
            }
        }
        assertEquals(List.of("signal-generated-rule"),
                names(matcher.match(bus, event("alchemiser.strategy", "SignalGenerated", "{}"))));
        assertEquals(List.of("all-events-to-orchestrator-rule"),
                names(matcher.match(bus, event("alchemiser.orchestrator", "ErrorNotificationRequested", "{}"))));
        // not alchemiser's, or not on its bus
        assertTrue(matcher.match(bus, event("alchemist.strategy", "SignalGenerated", "{}")).isEmpty());
        assertTrue(matcher.match(bus, event("strategy", "TradeExecuted", "{}")).isEmpty());
        assertTrue(matcher.match("default", event("alchemiser.strategy", "SignalGenerated", "{}")).isEmpty());
        assertTrue(matcher.match("custom-event-bus", event("alchemiser.strategy", "Other", "{}")).isEmpty());
    }

    @Test
    void theDefaultRulesMatchNothingElse() throws Exception {
        RuleMatcher matcher = new RuleMatcher(defaults());
        // right source, wrong detail-type; right event, wrong bus; case matters
        assertTrue(matcher.match("custom-event-bus", event("orders", "Order Shipped", "{}")).isEmpty());
        assertTrue(matcher.match("default", event("orders", "Order Created", "{}")).isEmpty());
        assertTrue(matcher.match("custom-event-bus", event("supply-chain.inventory", "Inventory Update", "{}")).isEmpty());
        assertTrue(matcher.match("custom-event-bus", event("Orders", "Order Created", "{}")).isEmpty());
    }

    @Test
    void matchingOnABusThatDoesNotExistIsRefused() throws Exception {
        RuleMatcher matcher = new RuleMatcher(defaults());
        assertFalse(matcher.hasBus("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> matcher.match("nope", event("orders", "Order Created", "{}")));
        assertEquals("Event bus nope does not exist", e.getMessage());
    }

    @Test
    void aDisabledRuleNeverMatchesWhileAnEnabledTwinDoes() throws Exception {
        JsonNode pattern = json("{\"source\":[\"a\"]}");
        RuleMatcher matcher = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("off", null, null, "DISABLED", pattern, Q),
                new Rule("on", null, null, "ENABLED", pattern, Q))));
        assertEquals(List.of("on"), names(matcher.match("default", event("a", "T", "{}"))));

        RuleMatcher onlyDisabled = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("off", null, null, "DISABLED", pattern, Q))));
        assertTrue(onlyDisabled.match("default", event("a", "T", "{}")).isEmpty());
    }

    @Test
    void aRuleWithoutStateIsEnabledAndOnTheDefaultBus() throws Exception {
        Rule rule = new Rule("r", null, null, null, json("{\"source\":[\"a\"]}"), null);
        assertTrue(rule.enabled());
        assertEquals("default", rule.eventBusName());
        assertTrue(rule.targets().isEmpty());
    }

    @Test
    void prefixPatternsWorkInEventRulerSyntax() throws Exception {
        RuleMatcher matcher = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("prefix", null, null, null, json("{\"source\":[{\"prefix\":\"alchemiser.\"}]}"), Q))));
        assertEquals(List.of("prefix"), names(matcher.match("default", event("alchemiser.trading", "X", "{}"))));
        assertEquals(List.of("prefix"), names(matcher.match("default", event("alchemiser.", "X", "{}"))));
        assertTrue(matcher.match("default", event("alchemiser", "X", "{}")).isEmpty());
        assertTrue(matcher.match("default", event("other.alchemiser.x", "X", "{}")).isEmpty());
    }

    @Test
    void detailPatternsWorkInEventRulerSyntax() throws Exception {
        RuleMatcher matcher = new RuleMatcher(new RuleSet(null, List.of(
                new Rule("numeric", null, null, null, json("{\"detail\":{\"total\":[{\"numeric\":[\">\",100]}]}}"), Q),
                new Rule("anything-but", null, null, null,
                        json("{\"source\":[\"s\"],\"detail\":{\"status\":[{\"anything-but\":[\"test\"]}]}}"), Q))));
        assertEquals(List.of("numeric"), names(matcher.match("default", event("x", "X", "{\"total\":150}"))));
        assertTrue(matcher.match("default", event("x", "X", "{\"total\":50}")).isEmpty());
        assertEquals(List.of("anything-but"), names(matcher.match("default", event("s", "X", "{\"status\":\"live\"}"))));
        assertTrue(matcher.match("default", event("s", "X", "{\"status\":\"test\"}")).isEmpty());
    }

    @Test
    void aRuleOnAnUndeclaredBusIsRefused() throws Exception {
        JsonNode pattern = json("{\"source\":[\"a\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuleSet(List.of("custom-event-bus"), List.of(new Rule("r", "elsewhere", null, null, pattern, Q))));
        assertEquals("Rule r is on event bus elsewhere, which event-buses does not declare", e.getMessage());
    }

    @Test
    void aRuleNameDeclaredTwiceOnOneBusIsRefused() throws Exception {
        JsonNode pattern = json("{\"source\":[\"a\"]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuleSet(null, List.of(new Rule("r", null, null, null, pattern, Q),
                        new Rule("r", "default", null, null, pattern, Q))));
        assertEquals("Rule r is declared twice on bus default", e.getMessage());
        // as in EventBridge, the same name on two buses is two rules
        RuleSet twoBuses = new RuleSet(List.of("b"), List.of(new Rule("r", null, null, null, pattern, Q),
                new Rule("r", "b", null, null, pattern, Q)));
        assertEquals(2, twoBuses.rules().size());
    }

    @Test
    void anInvalidPatternIsRefusedWithTheRuleName() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RuleMatcher(new RuleSet(null, List.of(new Rule("broken", null, null, null,
                        json("{\"source\":\"not-a-list\"}"), Q)))));
        assertTrue(e.getMessage().startsWith("Rule broken has an invalid event pattern: "), e.getMessage());

        IllegalArgumentException notAnObject = assertThrows(IllegalArgumentException.class,
                () -> new Rule("listed", null, null, null, json("[\"orders\"]"), Q));
        assertEquals("Rule listed: event-pattern must be a JSON object", notAnObject.getMessage());
    }

    @Test
    void statesAndTargetsOutsideEventBridgesTermsAreRefused() throws Exception {
        JsonNode pattern = json("{\"source\":[\"a\"]}");
        assertEquals("Rule s: state must be ENABLED or DISABLED, was PAUSED", assertThrows(IllegalArgumentException.class,
                () -> new Rule("s", null, null, "PAUSED", pattern, Q)).getMessage());
        assertEquals("Target t: only SQS queue targets are supported, got arn:aws:lambda:x:y:function:f",
                assertThrows(IllegalArgumentException.class,
                        () -> new Rule.Target("t", "arn:aws:lambda:x:y:function:f", null)).getMessage());
        assertEquals("Target t: give exactly one of arn or queue",
                assertThrows(IllegalArgumentException.class, () -> new Rule.Target("t", null, null)).getMessage());
        assertEquals("Target t: give exactly one of arn or queue", assertThrows(IllegalArgumentException.class,
                () -> new Rule.Target("t", "arn:aws:sqs:us-east-1:0:q", "q")).getMessage());
        Rule.Target byArn = new Rule.Target(null, "arn:aws:sqs:us-east-1:000000000000:order-queue", null);
        assertEquals("order-queue", byArn.queueName());
        assertEquals("order-queue", byArn.id());
    }
}
