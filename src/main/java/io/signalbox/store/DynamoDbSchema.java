package io.signalbox.store;

import java.util.ArrayList;
import java.util.List;

import io.signalbox.config.ResourceDeclarations;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** A declared table in DynamoDB: string keys, on-demand billing, TTL on its TTL attribute. */
public final class DynamoDbSchema {

    private DynamoDbSchema() {
    }

    /** Creates {@code table} and waits until it is active. */
    public static void create(DynamoDbClient dynamoDb, ResourceDeclarations.Table table) {
        List<KeySchemaElement> keys = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build());
        attributes.add(AttributeDefinition.builder().attributeName(table.partitionKey())
                .attributeType(ScalarAttributeType.S).build());
        if (table.sortKey() != null) {
            keys.add(KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build());
            attributes.add(AttributeDefinition.builder().attributeName(table.sortKey())
                    .attributeType(ScalarAttributeType.S).build());
        }
        dynamoDb.createTable(b -> b.tableName(table.name()).keySchema(keys).attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table.name()));
        if (table.ttlAttribute() != null) {
            dynamoDb.updateTimeToLive(b -> b.tableName(table.name())
                    .timeToLiveSpecification(t -> t.attributeName(table.ttlAttribute()).enabled(true)));
        }
    }
}
