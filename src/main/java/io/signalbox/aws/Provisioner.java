package io.signalbox.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.signalbox.config.ResourceDeclarations;
import io.signalbox.store.DynamoDbSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates the declared queues and tables that do not exist yet; leaves existing ones as they are. */
public final class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private final SqsClient sqs;
    private final DynamoDbClient dynamoDb;

    public Provisioner(SqsClient sqs, DynamoDbClient dynamoDb) {
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
    }

    /**
     * Every queue (after its DLQ) and every table, in parallel: this is on the start-up path. What exists is
     * listed once (ListQueues, ListTables) rather than asked for name by name, which would cost a failed call per
     * missing resource; queues and tables have their own threads, so neither waits for the other.
     */
    public void provision(ResourceDeclarations declarations) {
        provision(declarations, true);
    }

    /** The declared queues, and the tables too when they live in DynamoDB ({@code tables}). */
    public void provision(ResourceDeclarations declarations, boolean tables) {
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            CompletableFuture<Set<String>> tablesListed = tables
                    ? CompletableFuture.supplyAsync(this::existingTables, pool) : null;
            Set<String> queues = existingQueues();
            List<CompletableFuture<Void>> work = new ArrayList<>();
            if (tablesListed != null) {
                Set<String> existing = tablesListed.join();
                for (ResourceDeclarations.Table table : declarations.tables()) {
                    if (!existing.contains(table.name())) {
                        work.add(CompletableFuture.runAsync(() -> createTable(table), pool));
                    }
                }
            }
            for (ResourceDeclarations.Queue queue : declarations.queues()) {
                work.add(CompletableFuture.runAsync(() -> ensureQueueAndDlq(queue, queues), pool));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } finally {
            pool.shutdown();
        }
    }

    private Set<String> existingQueues() {
        Set<String> names = new HashSet<>();
        sqs.listQueuesPaginator(b -> b.maxResults(1000)).queueUrls()
                .forEach(url -> names.add(url.substring(url.lastIndexOf('/') + 1)));
        return names;
    }

    private Set<String> existingTables() {
        Set<String> names = new HashSet<>();
        dynamoDb.listTablesPaginator(b -> b.limit(100)).tableNames().forEach(names::add);
        return names;
    }

    private void ensureQueueAndDlq(ResourceDeclarations.Queue queue, Set<String> existing) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
        if (queue.deadLetterQueue() != null) {
            // the DLQ first: a redrive policy names its DLQ by ARN
            ensureQueue(queue.deadLetterQueue(), Map.of(), existing);
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\""
                    + queueArn(queue.deadLetterQueue()) + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
        }
        ensureQueue(queue.name(), attributes, existing);
    }

    /** Creates the queue unless it was there at start (CreateQueue of an existing one would be a no-op, too). */
    private void ensureQueue(String name, Map<QueueAttributeName, String> attributes, Set<String> existing) {
        if (!existing.contains(name)) {
            sqs.createQueue(b -> b.queueName(name).attributes(attributes));
            LOG.info("Created queue {}", name);
        }
    }

    private String queueArn(String name) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private void createTable(ResourceDeclarations.Table table) {
        DynamoDbSchema.create(dynamoDb, table);
        LOG.info("Created table {} (key {})", table.name(), table.partitionKey());
    }
}
