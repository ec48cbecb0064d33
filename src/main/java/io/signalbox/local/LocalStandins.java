package io.signalbox.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} profile's SQS stand-in, started in this JVM on loopback: an SQS-compatible broker (ElasticMQ).
 * It starts on a thread of its own (it is the bulk of start-up time) while the rest of Signalbox is wired. State
 * (tables) is not here: it is in SQLite ({@code io.signalbox.store.SqlDatabase}).
 */
public final class LocalStandins implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStandins.class);

    private final ElasticMqStandin sqs;

    private LocalStandins(ElasticMqStandin sqs) {
        this.sqs = sqs;
    }

    /**
     * Starts the broker on a thread of its own and completes when it listens; the caller can do other start-up
     * work meanwhile.
     *
     * @param dataDir where queued messages persist ({@code <dataDir>/elasticmq}); null keeps them in memory
     */
    public static CompletableFuture<LocalStandins> startAsync(String host, int sqsPort, String region, String account,
            Path dataDir) {
        Path sqsDir = dataDir == null ? null : mkdirs(dataDir.resolve("elasticmq"));
        return CompletableFuture.supplyAsync(() -> {
            try {
                ElasticMqStandin sqs = ElasticMqStandin.start(host, sqsPort, region, account, sqsDir);
                LOG.info("SQS-compatible broker (ElasticMQ) listening on http://{}:{} ({})", host, sqsPort,
                        dataDir == null ? "in memory" : "data in " + dataDir.toAbsolutePath());
                return new LocalStandins(sqs);
            } catch (RuntimeException e) {
                throw new CompletionException(
                        new IllegalStateException("ElasticMQ could not start on " + host + ":" + sqsPort, e));
            }
        }, LocalStandins::daemonThread);
    }

    private static void daemonThread(Runnable task) {
        Thread t = new Thread(task, "signalbox-standin-start");
        t.setDaemon(true);
        t.start();
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            sqs.close();
        } catch (RuntimeException e) {
            LOG.warn("Stopping ElasticMQ failed: {}", e.getMessage());
        }
        LOG.info("Local stand-in stopped");
    }
}
