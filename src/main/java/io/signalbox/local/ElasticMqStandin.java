package io.signalbox.local;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import scala.Function0;

/**
 * ElasticMQ, the SQS-compatible broker, in this JVM. With a data directory its queues and messages live in
 * an H2 database there, so a restart loses no queued message.
 */
final class ElasticMqStandin implements AutoCloseable {

    /**
     * H2 settings of the message store. ElasticMQ keeps each message's body, attributes and delivery receipts in
     * BLOB columns, and H2 moves a BLOB over 256 bytes (its default) out of the row into its LOB maps: several
     * more B-tree writes for every send, receive and delete, and a cleaner thread. Events are larger than that,
     * so the store keeps values up to 1 MiB in the row ({@code MAX_LENGTH_INPLACE_LOB}, H2 remembers it in the
     * file; larger ones still go to the LOB maps): 35 % more messages per second through ElasticMQ
     * ({@code ElasticMqBenchmark}, docs/benchmarks.md).
     */
    static final String H2_SETTINGS = ";DB_CLOSE_ON_EXIT=FALSE;MAX_LENGTH_INPLACE_LOB=1048576";

    private final Function0<?> shutdown;

    private ElasticMqStandin(Function0<?> shutdown) {
        this.shutdown = shutdown;
    }

    /** Starts on {@code host:port}; {@code dataDir} null keeps everything in memory. */
    static ElasticMqStandin start(String host, int port, String region, String account, Path dataDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("node-address.protocol", "http");
        settings.put("node-address.host", host);
        settings.put("node-address.port", port);
        settings.put("node-address.context-path", "");
        settings.put("generate-node-address", false);
        settings.put("rest-sqs.enabled", true);
        settings.put("rest-sqs.bind-hostname", host);
        settings.put("rest-sqs.bind-port", port);
        // SQS itself takes messages up to 1 MiB; strict limits would refuse a 256 KB event in its envelope
        settings.put("rest-sqs.sqs-limits", "relaxed");
        settings.put("aws.region", region);
        settings.put("aws.accountId", account);
        settings.put("queues-storage.enabled", false);
        settings.put("messages-storage.enabled", dataDir != null);
        if (dataDir != null) {
            settings.put("messages-storage.uri", messagesUrl(dataDir));
        }
        settings.put("pekko.loglevel", "WARNING");
        settings.put("pekko.stdout-loglevel", "WARNING");
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
        ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config));
        return new ElasticMqStandin(server.start());
    }

    /** The JDBC URL of the message store in {@code dataDir}. */
    static String messagesUrl(Path dataDir) {
        return "jdbc:h2:" + dataDir.resolve("messages").toAbsolutePath() + H2_SETTINGS;
    }

    @Override
    public void close() {
        shutdown.apply();
    }
}
