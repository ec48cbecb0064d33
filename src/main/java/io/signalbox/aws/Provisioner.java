package io.signalbox.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.signalbox.config.ResourceDeclarations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Creates the declared queues and tables that do not exist yet; leaves existing ones as they are. */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;

    public Provisioner(SqsClient sqs, DynamoDbClient dynamoDb) {
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
    }

    /** Every queue (after its DLQ) and every table, in parallel: this is on the start-up path. */
    public void provision(ResourceDeclarations declarations) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (ResourceDeclarations.Queue queue : declarations.queues()) {
                work.add(CompletableFuture.runAsync(() -> ensureQueueAndDlq(queue), pool));
            }
            for (ResourceDeclarations.Table table : declarations.tables()) {
                work.add(CompletableFuture.runAsync(() -> ensureTable(table), pool));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pool.shutdown();
        }
    }

    private void ensureQueueAndDlq(ResourceDeclarations.Queue queue) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        if (queue.deadLetterQueue() != null) {
            // the DLQ first: a redrive policy names its DLQ by ARN
            ensureQueue(queue.deadLetterQueue(), Map.of());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                    + queueArn(queue.deadLetterQueue()) + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
        }
        ensureQueue(queue.name(), attributes);
    }

    private void ensureQueue(String name, Map<QueueAttributeName, String> attributes) {
        try {
            sqs.getQueueUrl(b -> b.queueName(name));
        } catch (QueueDoesNotExistException e) {
            sqs.createQueue(b -> b.queueName(name).attributes(attributes));
            LOG.info("Created queue {}", name);
        }
    }

    private String queueArn(String name) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private void ensureTable(ResourceDeclarations.Table table) {
        try {
            dynamoDb.describeTable(b -> b.tableName(table.name()));
            return;
        } catch (ResourceNotFoundException e) {
            // create it below
        }
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
        LOG.info("Created table {} (key {})", table.name(), table.partitionKey());
    }
}
