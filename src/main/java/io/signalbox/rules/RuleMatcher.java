package io.signalbox.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.event.ruler.Machine;

/**
 * Matches events against the enabled rules of each bus with AWS's event-ruler, the matcher EventBridge
 * itself uses. One machine per bus; matching is thread-safe and allocation-light. Scheduled rules match no
 * events (they fire on their schedule, see {@code io.signalbox.jobs}), so they are not in the machines.
 */
public final class RuleMatcher {

    private final Map<String, Machine> machines = new HashMap<>();
    private final Map<String, Map<String, Rule>> rulesByBus = new HashMap<>();

    public RuleMatcher(RuleSet ruleSet) {
        for (String bus : ruleSet.eventBuses()) {
            machines.put(bus, new Machine());
            rulesByBus.put(bus, new HashMap<>());
        }
        for (Rule rule : ruleSet.rules()) {
            if (!rule.enabled() || rule.scheduled()) {
                continue;
            }
            try {
                machines.get(rule.eventBusName()).addRule(rule.name(), rule.eventPattern().toString());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("Rule " + rule.name() + " has an invalid event pattern: "
                        + e.getMessage(), e);
            }
            rulesByBus.get(rule.eventBusName()).put(rule.name(), rule);
        }
    }

    public Set<String> buses() {
        return machines.keySet();
    }

    public boolean hasBus(String bus) {
        return machines.containsKey(bus);
    }

    /** The enabled rules on {@code bus} that match {@code event} (an EventBridge event as JSON). */
    public List<Rule> match(String bus, JsonNode event) {
        Machine machine = machines.get(bus);
        if (machine == null) {
            throw new IllegalArgumentException("Event bus " + bus + " does not exist");
        }
        List<String> names;
        try {
            names = machine.rulesForJSONEvent(event);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("Could not match event: " + e.getMessage(), e));
        }
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, Rule> rules = rulesByBus.get(bus);
        return names.stream().map(rules::get).toList();
    }
}
