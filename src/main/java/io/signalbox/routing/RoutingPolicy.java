package io.signalbox.routing;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.signalbox.events.Envelope;

/**
 * Tells what an event is, in seed 002's order: an error notification (stopped by the circuit breaker), a
 * domain event (a configured detail-type from a source with a configured prefix), a command event
 * ({@code Scheduled Event}, no detail-type, or a direct invocation), or none of these (unrouted, with the
 * reason). Read from {@code routing.yaml}.
 *
 * @param circuitBreakerTypes detail-types that are never routed (seed 002: {@code ErrorNotificationRequested})
 * @param handlers            detail-type of each domain event → id of its handler route ({@code direct:<id>})
 * @param domainSourcePrefixes a domain event's source starts with one of these
 * @param commandTypes        detail-types of command events besides none ({@code Scheduled Event})
 * @param commandFields       fields of {@code detail} naming the command explicitly, first present wins
 */
public record RoutingPolicy(Set<String> circuitBreakerTypes, Map<String, String> handlers,
        List<String> domainSourcePrefixes, Set<String> commandTypes, List<String> commandFields) {

    public RoutingPolicy {
        circuitBreakerTypes = circuitBreakerTypes == null ? Set.of() : Set.copyOf(circuitBreakerTypes);
        handlers = handlers == null ? Map.of() : Map.copyOf(handlers);
        domainSourcePrefixes = domainSourcePrefixes == null ? List.of() : List.copyOf(domainSourcePrefixes);
        commandTypes = commandTypes == null ? Set.of() : Set.copyOf(commandTypes);
        commandFields = commandFields == null || commandFields.isEmpty() ? List.of("command") : List.copyOf(commandFields);
    }

    /** What the router does with an event. */
    public enum Kind {
        CIRCUIT_BREAKER, DOMAIN, COMMAND, UNROUTED
    }

    /** The decision and, for {@link Kind#UNROUTED}, why. */
    public record Decision(Kind kind, String reason) {
    }

    public Decision classify(Envelope event) {
        String type = event.detailType();
        if (type != null && circuitBreakerTypes.contains(type)) {
            return new Decision(Kind.CIRCUIT_BREAKER, "circuit breaker: " + type + " is never routed");
        }
        if (type != null && handlers.containsKey(type)) {
            if (hasDomainSource(event.source())) {
                return new Decision(Kind.DOMAIN, null);
            }
            return new Decision(Kind.UNROUTED, "detail-type '" + type + "' is a domain event type but source '"
                    + event.source() + "' has none of the domain prefixes " + domainSourcePrefixes);
        }
        if (type == null || type.isBlank() || commandTypes.contains(type)) {
            return new Decision(Kind.COMMAND, null);
        }
        return new Decision(Kind.UNROUTED, "detail-type '" + type + "' from '" + event.source()
                + "' is neither a domain event type nor a command");
    }

    /** The detail-types of domain events. */
    public Set<String> domainTypes() {
        return handlers.keySet();
    }

    /** The handler route id of a domain event's detail-type, null when it is not a domain type. */
    public String handlerFor(String detailType) {
        return handlers.get(detailType);
    }

    private boolean hasDomainSource(String source) {
        if (source == null) {
            return false;
        }
        for (String prefix : domainSourcePrefixes) {
            if (source.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The endpoint-friendly name of a detail-type or command: lower case, words joined by dashes
     * ({@code Order Created} and {@code OrderCreated} both give {@code order-created}).
     */
    public static String slug(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        char prev = ' ';
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (Character.isUpperCase(c) && out.length() > 0 && Character.isLowerCase(prev)) {
                    out.append('-');
                }
                out.append(Character.toLowerCase(c));
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
            prev = c;
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == '-') {
            end--;
        }
        return out.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
