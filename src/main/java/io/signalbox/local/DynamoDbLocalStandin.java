package io.signalbox.local;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * Applied to DynamoDB Local's SQLite connection (see {@link #tune}). Measured with JobBenchmark (2026-12-03,
     * data on disk, 10,000 SKUs): 25-31 s with the first two alone, about 20 s with all five; leaving out
     * {@code temp_store} or {@code wal_autocheckpoint} alone gave 25.8 s, {@code cache_size} 21.9 s.
     */
    static final List<String> PRAGMAS = List.of(
            "journal_mode=WAL",
            "synchronous=NORMAL",
            // statement journals and sorts in memory: by default each write made, and unlinked, a file in /var/tmp
            "temp_store=MEMORY",
            // 64 MB of page cache instead of 2 MB (the file has 1 KB pages): index pages stay in memory
            "cache_size=-65536",
            // checkpoint the log into the database every 16 MB instead of every 1 MB (1,000 pages)
            "wal_autocheckpoint=16384");

    private final DynamoDBProxyServer server;
    /** DynamoDB Local's SQLite connection, when on disk and reachable; else null. */
    private final SQLiteQueue sqlite;

    private DynamoDbLocalStandin(DynamoDBProxyServer server, SQLiteQueue sqlite) {
        this.server = server;
        this.sqlite = sqlite;
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
        return new DynamoDbLocalStandin(server, inMemory ? null : tune(handler));
    }

    /**
     * DynamoDB Local keeps its tables in one SQLite file, written by one connection in SQLite's defaults:
     * a rollback journal and a full fsync at every commit, so each write costs a disk flush (tens of ms on this
     * machine's disk: under 100 conditional writes per second). The stand-in switches that connection to a
     * write-ahead log with {@code synchronous=NORMAL}, SQLite's recommended setting for WAL: a commit survives
     * the process crashing (the OS has it), and only an OS crash or power loss may lose the last commits. It also
     * keeps SQLite's temporary files in memory, gives it a larger page cache and checkpoints less often
     * ({@link #PRAGMAS}): DynamoDB Local runs every item of a batch as its own SQLite transactions.
     * DynamoDB Local offers no option for this, so the connection is reached through its (private) fields;
     * if a later DynamoDB Local changes them, the stand-in keeps SQLite's defaults and says so.
     */
    private static SQLiteQueue tune(LocalDynamoDBRequestHandler handler) {
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
                    for (String pragma : PRAGMAS) {
                        connection.exec("PRAGMA " + pragma);
                    }
                    return null;
                }
            }).complete();
            return queue;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DynamoDB Local keeps SQLite's rollback journal (every write flushed to disk): {}", e.toString());
            return null;
        }
    }

    /** A pragma's value on DynamoDB Local's connection (null in memory, or when it was not reached). */
    String pragma(String name) {
        if (sqlite == null) {
            return null;
        }
        return sqlite.execute(new SQLiteJob<String>() {
            @Override
            protected String job(SQLiteConnection connection) throws SQLiteException {
                var statement = connection.prepare("PRAGMA " + name);
                try {
                    return statement.step() ? statement.columnString(0) : null;
                } finally {
                    statement.dispose();
                }
            }
        }).complete();
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
