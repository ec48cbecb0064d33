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
     * Starts both stand-ins.
     *
     * @param dataDir where queues and tables persist ({@code <dataDir>/elasticmq}, {@code <dataDir>/dynamodb});
     *                null keeps everything in memory
     */
    public static LocalStandins start(String host, int sqsPort, int dynamoDbPort, String region, String account,
            Path dataDir) {
        Path sqsDir = dataDir == null ? null : mkdirs(dataDir.resolve("elasticmq"));
        Path ddbDir = dataDir == null ? null : mkdirs(dataDir.resolve("dynamodb"));
        CompletableFuture<DynamoDbLocalStandin> ddb = CompletableFuture.supplyAsync(() -> {
            try {
                return DynamoDbLocalStandin.start(host, dynamoDbPort, ddbDir);
            } catch (Exception e) {
                throw new CompletionException("DynamoDB Local could not start on " + host + ":" + dynamoDbPort, e);
            }
        });
        ElasticMqStandin sqs;
        try {
            sqs = ElasticMqStandin.start(host, sqsPort, region, account, sqsDir);
        } catch (RuntimeException e) {
            ddb.thenAccept(LocalStandins::closeQuietly);
            throw new IllegalStateException("ElasticMQ could not start on " + host + ":" + sqsPort, e);
        }
        try {
            LocalStandins standins = new LocalStandins(sqs, ddb.join());
            String where = dataDir == null ? "in memory" : "data in " + dataDir.toAbsolutePath();
            LOG.info("SQS-compatible broker (ElasticMQ) listening on http://{}:{} ({})", host, sqsPort, where);
            LOG.info("DynamoDB Local listening on http://{}:{} ({})", host, dynamoDbPort, where);
            return standins;
        } catch (CompletionException e) {
            closeQuietly(sqs);
            throw new IllegalStateException(e.getMessage(), e.getCause());
        }
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
