package io.signalbox.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A lease on a job's runs ({@code signalbox.jobs.lease-table}, key {@code job}), so that a job never runs twice at
 * once, in one instance or across many: a run {@link #acquire acquires} the job's lease before it starts,
 * {@link #renew renews} it while it runs longer than the lease, and {@link #release releases} it at the end. A lease
 * that is not renewed expires, so a run that died (a killed process) does not block the job for ever. Each
 * operation is atomic: of two acquirers one wins, and only the holder's token renews or releases. Items
 * ({@link LeaseItems}): {@code job}, {@code owner}, {@code token} (one per acquisition), {@code acquired_at},
 * {@code expires_at} (epoch milliseconds) and {@code ttl} (epoch seconds, a day after expiry, for the table's
 * expiry of stale items). Two adapters: {@link SqlJobLease} (SQLite) and {@link DynamoDbJobLease}.
 */
public interface JobLease {

    /** A held lease: {@code token} tells this acquisition from any other, by this owner or another. */
    record Lease(String job, String owner, String token, Instant expiresAt) {
    }

    /** The lease on {@code job} for {@code duration}, or empty while another holds an unexpired one. */
    Optional<Lease> acquire(String job, Duration duration);

    /** Extends {@code lease} to {@code duration} from now; empty when it was lost (expired and taken). */
    Optional<Lease> renew(Lease lease, Duration duration);

    /** Gives {@code lease} up; does nothing when it was lost meanwhile. */
    void release(Lease lease);
}
