package io.signalbox.events;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Async handler results as Camel's bean component should see them. */
public final class Futures {

    private Futures() {
    }

    /**
     * The same outcome, but a failure completes with the exception itself rather than the
     * {@link CompletionException} a dependent stage wraps it in, so that the dead-letter channel matches its
     * type (e.g. {@link RejectedEventException}) and records its own message.
     */
    public static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(cause(error));
            }
        });
        return result;
    }

    /** The failure itself, without the {@link CompletionException} (or {@link ExecutionException}) around it. */
    public static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
