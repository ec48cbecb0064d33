package io.signalbox.routing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code routing.yaml}: how events are classified (see {@link RoutingPolicy}). */
public record RoutingConfig(Set<String> circuitBreakerTypes, DomainEvents domainEvents, CommandEvents commandEvents) {

    public record DomainEvents(List<String> sourcePrefixes, Map<String, String> handlers) {
    }

    public record CommandEvents(Set<String> detailTypes, List<String> commandFields) {
    }

    public RoutingPolicy policy() {
        DomainEvents d = domainEvents == null ? new DomainEvents(List.of(), Map.of()) : domainEvents;
        CommandEvents c = commandEvents == null ? new CommandEvents(Set.of("Scheduled Event"), List.of("command")) : commandEvents;
        return new RoutingPolicy(circuitBreakerTypes, d.handlers(), d.sourcePrefixes(), c.detailTypes(), c.commandFields());
    }
}
