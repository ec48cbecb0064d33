package io.signalbox.rules;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The contents of {@code rules.yaml}: the event buses and their rules.
 *
 * @param eventBuses bus names besides {@code default}, which always exists
 */
public record RuleSet(List<String> eventBuses, List<Rule> rules) {

    public RuleSet {
        Set<String> buses = new LinkedHashSet<>();
        buses.add(Rule.DEFAULT_BUS);
        if (eventBuses != null) {
            buses.addAll(eventBuses);
        }
        eventBuses = List.copyOf(buses);
        rules = rules == null ? List.of() : List.copyOf(rules);
        Set<String> seen = new HashSet<>();
        for (Rule rule : rules) {
            if (!buses.contains(rule.eventBusName())) {
                throw new IllegalArgumentException("Rule " + rule.name() + " is on event bus " + rule.eventBusName()
                        + ", which event-buses does not declare");
            }
            if (!seen.add(rule.eventBusName() + "/" + rule.name())) {
                throw new IllegalArgumentException("Rule " + rule.name() + " is declared twice on bus "
                        + rule.eventBusName());
            }
        }
    }

    /** The scheduled rules (with a schedule-expression), enabled or not. */
    public List<Rule> scheduledRules() {
        return rules.stream().filter(Rule::scheduled).toList();
    }

    /** Every queue some rule targets. */
    public Set<String> targetQueues() {
        Set<String> queues = new LinkedHashSet<>();
        rules.forEach(r -> r.targets().forEach(t -> queues.add(t.queueName())));
        return queues;
    }
}
