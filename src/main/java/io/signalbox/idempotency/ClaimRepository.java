package io.signalbox.idempotency;

import io.signalbox.deadletter.DeadLetterRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The router's Camel {@link IdempotentRepository} over a {@link ClaimStore} (the engine's adapter). Used eagerly by
 * the idempotent consumer ({@code skipDuplicate(false).removeOnFailure(true)}):
 *
 * <ul>
 * <li>{@link #add}: claimed → true (process it); done → false (a duplicate); held by another attempt within its
 * lease → {@link EventInProgressException}, so the exchange fails and the message comes back, instead of being
 * acknowledged as a duplicate of an attempt that may never finish.</li>
 * <li>{@link #confirm(Exchange, String)}: the exchange completed: the key is done (written off the event's path),
 * unless the event was dead-lettered (its claim was released so that a replay is processed) or was a duplicate
 * (its key was done already).</li>
 * <li>{@link #remove(Exchange, String)}: the exchange failed: the claim is released so that a redelivery is
 * processed; a duplicate's failure releases nothing (the key was not its claim).</li>
 * </ul>
 */
public final class ClaimRepository extends ServiceSupport implements IdempotentRepository {

    private final ClaimStore store;

    public ClaimRepository(ClaimStore store) {
        this.store = store;
    }

    public ClaimStore store() {
        return store;
    }

    @Override
    public boolean add(String key) {
        ClaimStore.Claim claim = store.claim(key);
        return switch (claim.outcome()) {
            case CLAIMED -> true;
            case DONE -> false;
            case IN_PROGRESS -> throw new EventInProgressException(key, claim.leaseUntil());
        };
    }

    @Override
    public boolean contains(String key) {
        return store.state(key) != null;
    }

    @Override
    public boolean remove(String key) {
        store.release(key);
        return true;
    }

    @Override
    public boolean remove(Exchange exchange, String key) {
        if (duplicate(exchange)) {
            return false;
        }
        return remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return store.confirm(key);
    }

    /** Queues the confirmation, unless the exchange was dead-lettered or a duplicate. */
    @Override
    public boolean confirm(Exchange exchange, String key) {
        if (exchange != null && (exchange.getProperty(DeadLetterRoutes.DEAD_LETTERED, false, Boolean.class)
                || duplicate(exchange))) {
            return false;
        }
        store.confirmLater(key);
        return true;
    }

    private static boolean duplicate(Exchange exchange) {
        return exchange != null && exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class);
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("Clearing the idempotency table " + store.table()
                + " is not supported: its keys are what keeps events from taking effect twice");
    }

    @Override
    protected void doStart() {
        store.start();
    }

    @Override
    protected void doStop() {
        store.stop();
    }
}
