package io.signalbox.deadletter;

import java.util.List;

import io.signalbox.config.ResourceDeclarations;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which queue is whose DLQ: resolving an operator's queue name, and the queue a dead letter goes back to. */
class DeadLetterTopologyTest {

    private static final DeadLetterTopology SEED = new DeadLetterTopology(new ResourceDeclarations(List.of(
            new ResourceDeclarations.Queue("order-queue", 30, "order-dlq", 3),
            new ResourceDeclarations.Queue("inventory-queue", 30, "inventory-dlq", 3),
            new ResourceDeclarations.Queue("audit-queue", 30, null, 0)), List.of()));

    /** Two queues sharing one DLQ, which resources.yaml allows. */
    private static final DeadLetterTopology SHARED = new DeadLetterTopology(new ResourceDeclarations(List.of(
            new ResourceDeclarations.Queue("a-queue", 30, "shared-dlq", 3),
            new ResourceDeclarations.Queue("b-queue", 30, "shared-dlq", 3)), List.of()));

    @Test
    void theDlqsAreThoseOfTheDeclaredQueuesInOrder() {
        assertEquals(List.of("order-dlq", "inventory-dlq"), SEED.deadLetterQueues());
        assertEquals(List.of("order-queue"), SEED.sourcesOf("order-dlq"));
        assertEquals(List.of("shared-dlq"), SHARED.deadLetterQueues());
        assertEquals(List.of("a-queue", "b-queue"), SHARED.sourcesOf("shared-dlq"));
        assertEquals(List.of(), SEED.sourcesOf("order-queue"));
    }

    @Test
    void aDlqIsNamedByItsOwnNameOrByItsSourceQueuesName() {
        assertEquals("order-dlq", SEED.resolve("order-dlq"));
        assertEquals("order-dlq", SEED.resolve("order-queue"));
        assertEquals("inventory-dlq", SEED.resolve(" inventory-queue "));
        assertEquals("shared-dlq", SHARED.resolve("b-queue"));
    }

    @Test
    void anyOtherNameIsAnErrorListingTheDlqs() {
        for (String name : new String[] {"orders-dlq", "audit-queue", "", null}) {
            UnknownDeadLetterQueueException e = assertThrows(UnknownDeadLetterQueueException.class, () -> SEED.resolve(name));
            assertEquals("Unknown dead-letter queue '" + (name == null ? "" : name) + "'; the dead-letter queues are "
                    + "order-dlq, inventory-dlq (a source queue's name means its DLQ)", e.getMessage());
            assertEquals(List.of("order-dlq", "inventory-dlq"), e.known());
        }
        DeadLetterTopology none = new DeadLetterTopology(new ResourceDeclarations(List.of(), List.of()));
        assertEquals("Unknown dead-letter queue 'x'; the dead-letter queues are none (a source queue's name means its DLQ)",
                assertThrows(UnknownDeadLetterQueueException.class, () -> none.resolve("x")).getMessage());
    }

    @Test
    void aDeadLetterGoesBackToTheQueueItsAttributeNamesElseToItsDlqsOnlySource() {
        assertEquals("order-queue", SEED.sourceFor("order-dlq", "order-queue"));
        // the attribute wins: the dead-letter channel knows where the message came from
        assertEquals("inventory-queue", SEED.sourceFor("order-dlq", "inventory-queue"));
        // redrive leaves no attribute
        assertEquals("order-queue", SEED.sourceFor("order-dlq", null));
        assertEquals("order-queue", SEED.sourceFor("order-dlq", " "));
        assertEquals("b-queue", SHARED.sourceFor("shared-dlq", "b-queue"));
    }

    @Test
    void aDeadLetterWithNoTellableSourceIsASpecificError() {
        assertEquals("its signalbox.source-queue 'nowhere' is not a declared queue with a DLQ (declared: order-queue, "
                + "inventory-queue)", assertThrows(IllegalArgumentException.class,
                        () -> SEED.sourceFor("order-dlq", "nowhere")).getMessage());
        assertEquals("it has no signalbox.source-queue attribute and shared-dlq is the DLQ of several queues "
                + "(a-queue, b-queue)", assertThrows(IllegalArgumentException.class,
                        () -> SHARED.sourceFor("shared-dlq", null)).getMessage());
    }
}
