package io.signalbox.idempotency;

import java.time.Instant;

/**
 * An event whose idempotency key another attempt holds, within its lease: not a duplicate (that attempt may have
 * died before the event took effect), and not to be processed now (it may still finish). The exchange fails, so the
 * message stays on its queue and is delivered again, until the claim is confirmed (then it is a duplicate) or its
 * lease lapses (then it is taken over and processed). The dead-letter channel neither retries it nor dead-letters it,
 * and never releases the other attempt's claim.
 */
public final class EventInProgressException extends RuntimeException {

    private final String key;
    private final transient Instant leaseUntil;

    public EventInProgressException(String key, Instant leaseUntil) {
        // no stack trace: it is always the repository's answer to one claim, and every redelivery of a held event
        // throws one (after a crash, many), so its logs are one line each
        super("Event " + key + " is being processed by another attempt (its claim's lease "
                + (leaseUntil == null ? "is held" : "runs until " + leaseUntil) + "): not a duplicate; it stays on its "
                + "queue and is delivered again until that claim is confirmed or its lease lapses", null, false, false);
        this.key = key;
        this.leaseUntil = leaseUntil;
    }

    public String key() {
        return key;
    }

    /** When the other attempt's lease ends (null when not known). */
    public Instant leaseUntil() {
        return leaseUntil;
    }
}
