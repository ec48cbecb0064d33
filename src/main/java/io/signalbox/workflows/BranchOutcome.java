package io.signalbox.workflows;

import java.time.Duration;
import java.time.Instant;

/**
 * How one branch of a workflow ended.
 *
 * @param status {@code succeeded}, {@code failed} or {@code timed_out}
 * @param reason what it did, or why it failed
 */
public record BranchOutcome(String branch, String status, String reason, Instant startedAt, Instant finishedAt) {

    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String TIMED_OUT = "timed_out";

    public boolean succeeded() {
        return SUCCEEDED.equals(status);
    }

    public long durationMs() {
        return Duration.between(startedAt, finishedAt).toMillis();
    }
}
