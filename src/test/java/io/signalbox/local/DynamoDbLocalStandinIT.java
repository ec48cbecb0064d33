package io.signalbox.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.signalbox.testing.SignalboxInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB Local on disk writes through SQLite's write-ahead log, with the stand-in's pragmas in effect. (Rows surviving a restart: RestartIT, on a whole
 * Signalbox; a second DynamoDB Local on the same file in one JVM, with the first one's SQLite connection still
 * open, answered 500 at times.)
 */
class DynamoDbLocalStandinIT {

    @TempDir
    Path data;

    @Test
    void writesGoThroughTheWriteAheadLog() throws Exception {
        int port = SignalboxInstance.freePort();
        try (DynamoDbLocalStandin standin = DynamoDbLocalStandin.start("127.0.0.1", port, data);
                DynamoDbClient client = client(port)) {
            client.createTable(b -> b.tableName("wal-test").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("k").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("k").attributeType(ScalarAttributeType.S)));
            client.putItem(b -> b.tableName("wal-test").item(Map.of("k", AttributeValue.fromS("one"))));
            try (var files = Files.list(data)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith(".db-wal")),
                        "SQLite's write-ahead log is in " + data);
            }
            assertEquals("wal", standin.pragma("journal_mode"));
            assertEquals("1", standin.pragma("synchronous"), "NORMAL");
            assertEquals("2", standin.pragma("temp_store"), "MEMORY");
            assertEquals("-65536", standin.pragma("cache_size"));
            assertEquals("16384", standin.pragma("wal_autocheckpoint"));
        }
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder().region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:" + port))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }
}
