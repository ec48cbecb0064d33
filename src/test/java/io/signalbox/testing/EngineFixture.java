package io.signalbox.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.DynamoDbSchema;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.Stores;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One engine with a set of tables, for the stores' contract tests, which run the same assertions against each
 * engine: SQLite in a file of the test's own directory (the production settings), or DynamoDB on moto's server
 * (one server for the whole test JVM, {@link #moto()}; each fixture's tables get a name of their own, so tests
 * sharing the server never see each other's items). Tests ask {@link #table} for a table's real name.
 */
public final class EngineFixture implements AutoCloseable {

    private static MotoServer moto;

    private final Stores.Engine engine;
    private final Stores stores;
    private final Map<String, String> names;
    private final List<ResourceDeclarations.Table> tables;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private SqlDatabase database;

    private EngineFixture(Stores.Engine engine, Path dir, List<ResourceDeclarations.Table> declared,
            SqlDatabase.Options options) {
        this.engine = engine;
        Map<String, String> names = new LinkedHashMap<>();
        List<ResourceDeclarations.Table> tables = new ArrayList<>();
        String suffix = engine == Stores.Engine.DYNAMODB ? "-" + UUID.randomUUID().toString().substring(0, 8) : "";
        for (ResourceDeclarations.Table t : declared) {
            String name = t.name() + suffix;
            names.put(t.name(), name);
            tables.add(new ResourceDeclarations.Table(name, t.partitionKey(), t.sortKey(), t.ttlAttribute()));
        }
        this.names = Map.copyOf(names);
        this.tables = List.copyOf(tables);
        if (engine == Stores.Engine.SQLITE) {
            database = SqlDatabase.open(options != null ? options : SqlDatabase.Options.file(dir.resolve("signalbox.db")),
                    tables);
            resources.add(database);
            stores = Stores.sqlite(database);
        } else {
            MotoServer server = moto();
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("moto", "moto"));
            DynamoDbClient sync = DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(server.endpoint())
                    .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            DynamoDbAsyncClient async = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
                    .endpointOverride(server.endpoint()).credentialsProvider(credentials)
                    .httpClientBuilder(NettyNioAsyncHttpClient.builder()).build();
            resources.add(async);
            resources.add(sync);
            tables.forEach(t -> DynamoDbSchema.create(sync, t));
            stores = Stores.dynamoDb(sync, async, tables);
        }
    }

    /** The engine with {@code tables}; SQLite in {@code dir} with the production settings. */
    public static EngineFixture open(Stores.Engine engine, Path dir, List<ResourceDeclarations.Table> tables) {
        return new EngineFixture(engine, dir, tables, null);
    }

    /** SQLite with other options (in memory, another batch size, a sweep interval). */
    public static EngineFixture sqlite(SqlDatabase.Options options, List<ResourceDeclarations.Table> tables) {
        return new EngineFixture(Stores.Engine.SQLITE, null, tables, options);
    }

    /** The tables of {@code config/resources.yaml}. */
    public static List<ResourceDeclarations.Table> declaredTables() {
        return io.signalbox.config.ConfigFiles.read(Path.of("config").toString(), "resources.yaml",
                ResourceDeclarations.class).tables();
    }

    public Stores.Engine engine() {
        return engine;
    }

    public Stores stores() {
        return stores;
    }

    /** The database (SQLite only). */
    public SqlDatabase database() {
        if (database == null) {
            throw new IllegalStateException("Not SQLite: " + engine);
        }
        return database;
    }

    /** The real name of the table declared as {@code declared}. */
    public String table(String declared) {
        String name = names.get(declared);
        if (name == null) {
            throw new IllegalArgumentException("No table " + declared + " in this fixture: " + names.keySet());
        }
        return name;
    }

    public List<ResourceDeclarations.Table> tables() {
        return tables;
    }

    /** moto's server, started once for the test JVM and stopped when it exits. */
    public static synchronized MotoServer moto() {
        if (moto == null) {
            moto = MotoServer.start(Path.of("target", "moto-logs"));
            MotoServer started = moto;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "moto-stop"));
        }
        return moto;
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                // closing a test engine
            }
        }
    }
}
