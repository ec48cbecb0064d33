package io.signalbox.bus;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Sends message bodies to a queue; the bus's only way out, so tests and profiles can swap it. */
public interface QueueSender {

    /**
     * Sends {@code bodies} to {@code queue}; completes with the indexes of the bodies that were not
     * accepted by the queue (empty when all were), or exceptionally when the queue could not be reached.
     */
    CompletableFuture<Set<Integer>> send(String queue, List<String> bodies);
}
