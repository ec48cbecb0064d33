package io.signalbox.local;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteException;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import com.amazonaws.services.dynamodbv2.local.shared.access.sqlite.SQLiteDBAccess;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** DynamoDB Local in this JVM; with a data directory its tables live in a SQLite file there. */
final class DynamoDbLocalStandin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLocalStandin.class);

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
        LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, inMemory, dbPath, true, false);
        DynamoDBProxyServer server = new DynamoDBProxyServer(port, new LocalDynamoDBServerHandler(handler, null));
        bindTo(server, host);
        server.start();
        if (!inMemory) {
            writeAheadLog(handler);
        }
        return new DynamoDbLocalStandin(server);
    }

    /**
     * DynamoDB Local keeps its tables in one SQLite file, written by one connection in SQLite's defaults:
     * a rollback journal and a full fsync at every commit, so each write costs a disk flush (tens of ms on this
     * machine's disk: under 100 conditional writes per second). The stand-in switches that connection to a
     * write-ahead log with {@code synchronous=NORMAL}, SQLite's recommended setting for WAL: a commit survives
     * the process crashing (the OS has it), and only an OS crash or power loss may lose the last commits.
     * DynamoDB Local offers no option for this, so the connection is reached through its (private) fields;
     * if a later DynamoDB Local changes them, the stand-in keeps SQLite's defaults and says so.
     */
    private static void writeAheadLog(LocalDynamoDBRequestHandler handler) {
        try {
            Method getHandler = LocalDynamoDBRequestHandler.class.getDeclaredMethod("getHandler", String.class);
            getHandler.setAccessible(true);
            Object client = getHandler.invoke(handler, "signalbox"); // -sharedDb: one database whatever the key
            Field access = client.getClass().getDeclaredField("dbAccess");
            access.setAccessible(true);
            SQLiteDBAccess sqlite = (SQLiteDBAccess) access.get(client);
            Field queueField = SQLiteDBAccess.class.getDeclaredField("queue");
            queueField.setAccessible(true);
            SQLiteQueue queue = (SQLiteQueue) queueField.get(sqlite);
            queue.execute(new SQLiteJob<Void>() {
                @Override
                protected Void job(SQLiteConnection connection) throws SQLiteException {
                    connection.exec("PRAGMA journal_mode=WAL");
                    connection.exec("PRAGMA synchronous=NORMAL");
                    return null;
                }
            }).complete();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DynamoDB Local keeps SQLite's rollback journal (every write flushed to disk): {}", e.toString());
        }
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
