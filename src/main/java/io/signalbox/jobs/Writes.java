package io.signalbox.jobs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for a write of the jobs' synchronous steps. */
final class Writes {

    private Writes() {
    }

    /** Waits for {@code write}; a failure is thrown as the store threw it (not wrapped), for the error handler. */
    static void await(CompletableFuture<?> write) {
        try {
            write.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
