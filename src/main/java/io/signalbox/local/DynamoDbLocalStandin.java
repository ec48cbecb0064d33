package io.signalbox.local;

import java.nio.file.Path;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** DynamoDB Local in this JVM; with a data directory its tables live in a SQLite file there. */
final class DynamoDbLocalStandin implements AutoCloseable {

    private final DynamoDBProxyServer server;

    private DynamoDbLocalStandin(DynamoDBProxyServer server) {
        this.server = server;
    }

    /** Starts on {@code host:port}; {@code dataDir} null keeps every table in memory. */
    static DynamoDbLocalStandin start(String host, int port, Path dataDir) throws Exception {
        // built as DynamoDB Local's ServerRunner builds it, minus its telemetry (which would phone home):
        // one database shared by every access key and region (-sharedDb), so the AWS CLI sees the tables
        boolean inMemory = dataDir == null;
        String dbPath = inMemory ? null : dataDir.toAbsolutePath().toString();
        DynamoDBProxyServer server = new DynamoDBProxyServer(port, new LocalDynamoDBServerHandler(
                new LocalDynamoDBRequestHandler(0, inMemory, dbPath, true, false), null));
        bindTo(server, host);
        server.start();
        return new DynamoDbLocalStandin(server);
    }

    /**
     * DynamoDB Local has no bind-address option and listens on every interface; Signalbox keeps its
     * stand-ins on loopback, so the connector's host is set before the server starts.
     */
    private static void bindTo(DynamoDBProxyServer proxy, String host) throws ReflectiveOperationException {
        var field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            if (connector instanceof ServerConnector sc) {
                sc.setHost(host);
            }
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
