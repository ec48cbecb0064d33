package io.signalbox.idempotency;

import java.time.Instant;

/**
 * The router's idempotency claims ({@code idempotency-keys}), in domain terms: an event's key is claimed by the
 * attempt that processes it, confirmed once the event took effect, released when the attempt failed (so that a
 * redelivery is processed). Item contract ({@link ClaimItems}): {@code idempotency_key} (partition key),
 * {@code state} ({@code processing} | {@code done}), {@code lease_until} (epoch milliseconds, while
 * {@code processing}), {@code expires_at} (epoch seconds, the TTL: the key is forgotten after the retention).
 *
 * <p>A key is claimable when it is absent, past its TTL (not yet swept), or {@code processing} with a lapsed lease
 * (the attempt that claimed it died). A key {@code done} is a duplicate; a key {@code processing} within its lease is
 * held by an attempt that may still finish, so it is neither claimable nor a duplicate ({@link Outcome#IN_PROGRESS}).
 *
 * <p>Two adapters: {@link SqlClaimStore} (SQLite, one process) and {@link DynamoDbClaimStore} (shared by every
 * instance).
 */
public interface ClaimStore {

    /** What a claim found. */
    enum Outcome {
        /** The key is this attempt's now: process the event. */
        CLAIMED,
        /** The event was processed (its claim confirmed): a duplicate. */
        DONE,
        /** Another attempt holds the key and its lease has not lapsed: the event may yet be processed by it. */
        IN_PROGRESS
    }

    /**
     * A claim's answer.
     *
     * @param leaseUntil {@link Outcome#IN_PROGRESS}: when the other attempt's lease ends (null when not known);
     *                   {@link Outcome#CLAIMED}: when this attempt's lease ends; {@link Outcome#DONE}: null
     */
    record Claim(Outcome outcome, Instant leaseUntil) {

        static Claim claimed(long leaseUntilMillis) {
            return new Claim(Outcome.CLAIMED, Instant.ofEpochMilli(leaseUntilMillis));
        }

        static final Claim DONE = new Claim(Outcome.DONE, null);

        static Claim inProgress(Instant leaseUntil) {
            return new Claim(Outcome.IN_PROGRESS, leaseUntil);
        }
    }

    /** A key's stored state. */
    enum State { PROCESSING, DONE }

    /** The table's real name. */
    String table();

    /** Claims {@code key} for this attempt: claimed, done (a duplicate), or held by another attempt within its lease. */
    Claim claim(String key);

    /** Marks {@code key} done, now; false when it is not claimed (released meanwhile: it stays released). */
    boolean confirm(String key);

    /**
     * Marks {@code key} done off the caller's path (the adapter may batch it). A confirmation lost with the process
     * leaves the key processing until its lease lapses (or, on SQLite, until the next start releases it).
     */
    void confirmLater(String key);

    /** Deletes the claim of {@code key}, so that its next delivery is processed. */
    void release(String key);

    /** The state of {@code key}, or null when it is absent or past its TTL. */
    State state(String key);

    /** Starts what the adapter runs in the background; called once before claims are made, and again after a stop. */
    default void start() {
    }

    /** Stops the background work, writing what is queued. */
    default void stop() {
    }
}
