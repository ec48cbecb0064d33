package io.signalbox.store;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import io.signalbox.config.ResourceDeclarations;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The engine that holds Signalbox's state and the handles to it: SQLite ({@link SqlDatabase}, profile local)
 * or DynamoDB (profile aws). Each capability's store has one adapter per engine; {@link #choose} picks it.
 */
public final class Stores {

    /** Which engine holds the state ({@code signalbox.store.engine}). */
    public enum Engine {
        SQLITE, DYNAMODB;

        public static Engine of(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("signalbox.store.engine is '" + value
                        + "': expected sqlite (one file under signalbox.data.dir) or dynamodb (Amazon DynamoDB)");
            }
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The DynamoDB clients (both shared by the whole process). */
    public record DynamoDb(DynamoDbClient sync, DynamoDbAsyncClient async) {
    }

    private final Engine engine;
    private final SqlDatabase sql;
    private final DynamoDb dynamoDb;
    private final Tables tables;

    private Stores(Engine engine, SqlDatabase sql, DynamoDb dynamoDb, Tables tables) {
        this.engine = engine;
        this.sql = sql;
        this.dynamoDb = dynamoDb;
        this.tables = tables;
    }

    public static Stores sqlite(SqlDatabase db) {
        return new Stores(Engine.SQLITE, db, null, new SqlTables(db));
    }

    public static Stores dynamoDb(DynamoDbClient sync, DynamoDbAsyncClient async, List<ResourceDeclarations.Table> tables) {
        return new Stores(Engine.DYNAMODB, null, new DynamoDb(sync, async), new DynamoDbTables(async, tables));
    }

    public Engine engine() {
        return engine;
    }

    /** Every declared table as items, in this engine. */
    public Tables tables() {
        return tables;
    }

    /** The adapter of this engine: {@code sql} on SQLite, {@code dynamo} on DynamoDB. */
    public <T> T choose(Function<SqlDatabase, T> sql, Function<DynamoDb, T> dynamo) {
        return engine == Engine.SQLITE ? sql.apply(this.sql) : dynamo.apply(this.dynamoDb);
    }
}
