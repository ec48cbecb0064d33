package io.signalbox.config;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.signalbox.aws.AwsClients;
import io.signalbox.inventory.DynamoDbInventoryStore;
import io.signalbox.inventory.DynamoDbMovementLog;
import io.signalbox.inventory.InventoryProcessor;
import io.signalbox.inventory.InventoryStore;
import io.signalbox.inventory.MovementLog;
import io.signalbox.inventory.SqlInventoryStore;
import io.signalbox.inventory.SqlMovementLog;
import io.signalbox.notifications.NotificationSender;
import io.signalbox.notifications.NotificationTarget;
import io.signalbox.notifications.QueueTarget;
import io.signalbox.notifications.SnsTarget;
import io.signalbox.notifications.WebhookTarget;
import io.signalbox.orders.OrderProcessor;
import io.signalbox.orders.DynamoDbOrderStore;
import io.signalbox.orders.OrderStore;
import io.signalbox.orders.SqlOrderStore;
import io.signalbox.store.Stores;
import io.signalbox.workflows.DynamoDbWorkflowStore;
import io.signalbox.workflows.SqlWorkflowStore;
import io.signalbox.workflows.WorkflowProcessor;
import io.signalbox.workflows.WorkflowStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sns.SnsAsyncClient;

/**
 * Seed 001's stack: binds {@code orderProcessor}, {@code inventoryProcessor}, {@code notificationSender} and
 * {@code workflowProcessor} for the handler routes, on the shared async DynamoDB and SQS clients. The SNS
 * client is built only when a notification target needs it (profile aws).
 */
final class OrderStackWiring {

    private static final Logger LOG = LoggerFactory.getLogger(OrderStackWiring.class);

    private OrderStackWiring() {
    }

    static void bind(CamelContext context, Settings settings, AwsClients clients, Stores stores) throws Exception {
        Registry registry = context.getRegistry();
        PropertiesComponent pc = context.getPropertiesComponent();
        Clock clock = Clock.systemUTC();

        String ordersTable = property(pc, "signalbox.orders.table");
        OrderStore orders = stores.choose(sql -> new SqlOrderStore(sql, ordersTable),
                ddb -> new DynamoDbOrderStore(ddb.async(), ordersTable));
        registry.bind("orderProcessor", new OrderProcessor(orders, property(pc, "signalbox.orders.notification-bus"),
                property(pc, "signalbox.orders.notification-source"), clock));

        String inventoryTable = property(pc, "signalbox.inventory.table");
        Duration markerRetention = Duration.ofMinutes(Long.parseLong(property(pc, "signalbox.inventory.marker-retention-minutes")));
        int pruneThreshold = Integer.parseInt(property(pc, "signalbox.inventory.marker-prune-threshold"));
        InventoryStore inventory = stores.choose(
                sql -> new SqlInventoryStore(sql, inventoryTable, markerRetention),
                ddb -> new DynamoDbInventoryStore(ddb.async(), inventoryTable, markerRetention, pruneThreshold));
        String movementsTable = property(pc, "signalbox.inventory.movements-table");
        Duration movementRetention = Duration.ofDays(Long.parseLong(property(pc, "signalbox.inventory.movement-retention-days")));
        MovementLog movements = stores.choose(sql -> new SqlMovementLog(sql, movementsTable, movementRetention),
                ddb -> new DynamoDbMovementLog(ddb.async(), movementsTable, movementRetention));
        registry.bind("inventoryProcessor", new InventoryProcessor(inventory, movements,
                property(pc, "signalbox.inventory.update-bus"), property(pc, "signalbox.inventory.update-source"), clock));

        registry.bind("notificationSender", new NotificationSender(targets(context, clients)));

        String workflowsTable = property(pc, "signalbox.workflows.table");
        WorkflowStore workflows = stores.choose(sql -> new SqlWorkflowStore(sql, workflowsTable, inventoryTable),
                ddb -> new DynamoDbWorkflowStore(ddb.async(), workflowsTable, inventoryTable));
        registry.bind("workflowProcessor", new WorkflowProcessor(workflows, orders, clock,
                Long.parseLong(property(pc, "signalbox.workflows.timeout-ms"))));
    }

    private static List<NotificationTarget> targets(CamelContext context, AwsClients clients)
            throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        List<NotificationTarget> targets = new ArrayList<>();
        String target = property(pc, "signalbox.notifications.target");
        switch (target) {
            case "queue" -> targets.add(new QueueTarget(SignalboxConfiguration.queueSender(context, clients),
                    property(pc, "signalbox.notifications.queue")));
            case "sns" -> {
                SnsAsyncClient sns = clients.snsAsync(pc.resolveProperty("signalbox.aws.sns-endpoint").orElse(null));
                targets.add(new SnsTarget(sns, property(pc, "signalbox.notifications.sns-topic-arn")));
            }
            case "none" -> { }
            default -> throw new IllegalStateException("signalbox.notifications.target is '" + target
                    + "': expected queue (local), sns (aws) or none (webhook only)");
        }
        String webhook = pc.resolveProperty("signalbox.notifications.webhook-url").map(String::trim).orElse("");
        if (!webhook.isEmpty()) {
            Duration timeout = Duration.ofMillis(Long.parseLong(property(pc, "signalbox.notifications.webhook-timeout-ms")));
            targets.add(new WebhookTarget(HttpClient.newBuilder().connectTimeout(timeout).build(), URI.create(webhook), timeout));
        }
        LOG.info("Notifications go to {}", targets.stream().map(NotificationTarget::describe).toList());
        return targets;
    }

    private static String property(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty())
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set"));
    }
}
