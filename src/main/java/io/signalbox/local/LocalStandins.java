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
 * The `local` profile's AWS stand-ins, started in this JVM on loopback: an SQS-compatible broker
 * (ElasticMQ) and DynamoDB Local. Both start in parallel (they are the bulk of start-up time) and stop
 * together.
 */
public final class LocalStandins implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStandins.class);

    private final ElasticMqStandin sqs;
    private final DynamoDbLocalStandin dynamoDb;

    private LocalStandins(ElasticMqStandin sqs, DynamoDbLocalStandin dynamoDb) {
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
    }

    /**
     * Starts both stand-ins, each on a thread of its own, and completes when both listen; if one fails the
     * other is stopped. The caller can do other start-up work meanwhile.
     *
     * @param dataDir where queues and tables persist ({@code <dataDir>/elasticmq}, {@code <dataDir>/dynamodb});
     *                null keeps everything in memory
     */
    public static CompletableFuture<LocalStandins> startAsync(String host, int sqsPort, int dynamoDbPort,
            String region, String account, Path dataDir) {
        Path sqsDir = dataDir == null ? null : mkdirs(dataDir.resolve("elasticmq"));
        Path ddbDir = dataDir == null ? null : mkdirs(dataDir.resolve("dynamodb"));
        CompletableFuture<DynamoDbLocalStandin> ddb = CompletableFuture.supplyAsync(() -> {
            try {
                return DynamoDbLocalStandin.start(host, dynamoDbPort, ddbDir);
            } catch (Exception e) {
                throw new CompletionException(
                        new IllegalStateException("DynamoDB Local could not start on " + host + ":" + dynamoDbPort, e));
            }
        }, LocalStandins::daemonThread);
        CompletableFuture<ElasticMqStandin> sqs = CompletableFuture.supplyAsync(() -> {
            try {
                return ElasticMqStandin.start(host, sqsPort, region, account, sqsDir);
            } catch (RuntimeException e) {
                throw new CompletionException(
                        new IllegalStateException("ElasticMQ could not start on " + host + ":" + sqsPort, e));
            }
        }, LocalStandins::daemonThread);
        return CompletableFuture.allOf(ddb, sqs).handle((ignored, error) -> {
            if (error != null) {
                ddb.thenAccept(LocalStandins::closeQuietly);
                sqs.thenAccept(LocalStandins::closeQuietly);
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
            }
            String where = dataDir == null ? "in memory" : "data in " + dataDir.toAbsolutePath();
            LOG.info("SQS-compatible broker (ElasticMQ) listening on http://{}:{} ({})", host, sqsPort, where);
            LOG.info("DynamoDB Local listening on http://{}:{} ({})", host, dynamoDbPort, where);
            return new LocalStandins(sqs.join(), ddb.join());
        });
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

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("Stopping {} failed: {}", c, e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(dynamoDb);
        closeQuietly(sqs);
        LOG.info("Local stand-ins stopped");
    }
}
