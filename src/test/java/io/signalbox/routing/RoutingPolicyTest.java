package io.signalbox.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.events.Envelope;
import io.signalbox.routing.RoutingPolicy.Kind;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    private final RoutingPolicy policy = new RoutingPolicy(Set.of("ErrorNotificationRequested"),
            Map.of("WorkflowStarted", "handler-workflow-started", "Order Created", "handler-order-created"),
            List.of("alchemiser.", "orders"), Set.of("Scheduled Event"), List.of("command"));

    private static Envelope event(String source, String type) {
        return new Envelope("0", "id-1", type, source, null, null, null, List.of(),
                new ObjectMapper().createObjectNode(), "id-1", null, null, null);
    }

    @Test
    void domainEventNeedsBothTheTypeAndASourcePrefix() {
        assertEquals(Kind.DOMAIN, policy.classify(event("alchemiser.orchestrator", "WorkflowStarted")).kind());
        assertEquals(Kind.DOMAIN, policy.classify(event("orders", "Order Created")).kind());
        RoutingPolicy.Decision wrongSource = policy.classify(event("someone.else", "WorkflowStarted"));
        assertEquals(Kind.UNROUTED, wrongSource.kind());
        assertTrue(wrongSource.reason().contains("source 'someone.else'"), wrongSource.reason());
    }

    @Test
    void circuitBreakerComesFirst() {
        // even from a domain source
        assertEquals(Kind.CIRCUIT_BREAKER, policy.classify(event("alchemiser.x", "ErrorNotificationRequested")).kind());
    }

    @Test
    void scheduledEventsAndEventsWithoutDetailTypeAreCommands() {
        assertEquals(Kind.COMMAND, policy.classify(event("aws.events", "Scheduled Event")).kind());
        assertEquals(Kind.COMMAND, policy.classify(event("manual", null)).kind());
        assertEquals(Kind.COMMAND, policy.classify(event("manual", "")).kind());
    }

    @Test
    void anythingElseIsUnroutedWithTheReason() {
        RoutingPolicy.Decision d = policy.classify(event("elsewhere", "Mystery"));
        assertEquals(Kind.UNROUTED, d.kind());
        assertEquals("detail-type 'Mystery' from 'elsewhere' is neither a domain event type nor a command", d.reason());
        assertNull(policy.classify(event("orders", "Order Created")).reason());
    }

    @Test
    void handlerLookup() {
        assertEquals("handler-order-created", policy.handlerFor("Order Created"));
        assertNull(policy.handlerFor("Nope"));
    }

    @Test
    void slugs() {
        assertEquals("order-created", RoutingPolicy.slug("Order Created"));
        assertEquals("workflow-started", RoutingPolicy.slug("WorkflowStarted"));
        assertEquals("daily-forecasting-job", RoutingPolicy.slug("daily-forecasting-job"));
        assertEquals("a-b", RoutingPolicy.slug("  A  / B "));
    }
}
