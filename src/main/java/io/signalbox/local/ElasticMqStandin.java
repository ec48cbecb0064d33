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
            settings.put("messages-storage.uri",
                    "jdbc:h2:" + dataDir.resolve("messages").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE");
        }
        settings.put("pekko.loglevel", "WARNING");
        settings.put("pekko.stdout-loglevel", "WARNING");
        Config config = ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load());
        ElasticMQServer server = new ElasticMQServer(new ElasticMQServerConfig(config));
        return new ElasticMqStandin(server.start());
    }

    @Override
    public void close() {
        shutdown.apply();
    }
}
