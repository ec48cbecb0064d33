package io.signalbox.config;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.signalbox.archive.ArchiveReplayer;
import io.signalbox.archive.ArchiveSettings;
import io.signalbox.archive.ArchiveStore;
import io.signalbox.archive.DynamoDbArchiveStore;
import io.signalbox.archive.EventArchive;
import io.signalbox.archive.SqlArchiveStore;
import io.signalbox.aws.AwsClients;
import io.signalbox.aws.Provisioner;
import io.signalbox.aws.QueuePublisher;
import io.signalbox.aws.QueueUrls;
import io.signalbox.aws.SqsQueueSender;
import io.signalbox.bus.AcceptedEvents;
import io.signalbox.bus.EventBus;
import io.signalbox.deadletter.DeadLetters;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.local.LocalStandins;
import io.signalbox.ops.EventCounters;
import io.signalbox.ops.QueueDepthHealthCheck;
import io.signalbox.publish.BusEventPublisher;
import io.signalbox.publish.EventBridgePublisher;
import io.signalbox.rules.RuleMatcher;
import io.signalbox.rules.RuleSet;
import io.signalbox.handlers.DynamoDbWorkflowStates;
import io.signalbox.handlers.SqlWorkflowStates;
import io.signalbox.handlers.WorkflowStates;
import io.signalbox.idempotency.ClaimRepository;
import io.signalbox.idempotency.DynamoDbClaimStore;
import io.signalbox.idempotency.RepositoryKind;
import io.signalbox.idempotency.SqlClaimStore;
import io.signalbox.routing.RoutingConfig;
import io.signalbox.routing.RoutingPolicy;
import io.signalbox.schemas.BuiltInUpcasters;
import io.signalbox.schemas.SchemaRegistry;
import io.signalbox.store.SqlDatabase;
import io.signalbox.store.Stores;
import io.signalbox.tables.DynamoDbReadApi;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;

/**
 * Wires Signalbox before any route starts, in this order: the local stand-ins (profile {@code local}), the
 * AWS clients pointed at them or at AWS, the declared queues and tables, the rules and the bus, metrics and
 * health. Everything it binds is looked up by type or by the names below.
 */
public class SignalboxConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SignalboxConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = Settings.from(context.getPropertiesComponent());
        Registry registry = context.getRegistry();
        LOG.info("Signalbox profile {} (config {})", settings.profile().id(), settings.configDir());
        registry.bind("signalboxSettings", settings);

        // the stand-ins take seconds to start: everything that does not need them is done meanwhile
        CompletableFuture<LocalStandins> standins = settings.standins()
                ? LocalStandins.startAsync(settings.host(), settings.sqsPort(), settings.aws().region(),
                        settings.aws().account(), settings.dataDir())
                : CompletableFuture.completedFuture(null);
        try {
            wire(context, settings, standins);
        } catch (Exception | Error e) {
            standins.thenAccept(s -> {
                if (s != null) {
                    s.close();
                }
            });
            throw e;
        }
    }

    private void wire(CamelContext context, Settings settings, CompletableFuture<LocalStandins> standins)
            throws Exception {
        Registry registry = context.getRegistry();
        ResourceDeclarations resources = ConfigFiles.read(settings.configDir(), "resources.yaml",
                ResourceDeclarations.class);
        registry.bind("resourceDeclarations", resources);
        RuleSet rules = settings.busEnabled() ? ConfigFiles.read(settings.configDir(), "rules.yaml", RuleSet.class) : null;
        RuleMatcher matcher = rules == null ? null : new RuleMatcher(rules);

        ObjectMapper mapper = new ObjectMapper();
        registry.bind("envelopeParser", new EnvelopeParser(mapper));
        MeterRegistry meters = meterRegistry(registry);
        EventCounters counters = new EventCounters(meters);
        registry.bind("eventCounters", counters);

        AwsClients clients = new AwsClients(settings.aws());
        // the factory of the clients only some profiles use (the weekly reports' S3 client), closed with it
        registry.bind("awsClients", clients);
        // the aws2-sqs component autowires these single instances
        registry.bind("sqsClient", clients.sqs());
        registry.bind("sqsAsyncClient", clients.sqsAsync());
        QueueUrls queueUrls = new QueueUrls(clients.sqsAsync());
        registry.bind("queueUrls", queueUrls);
        registry.bind("queuePublisher", new QueuePublisher(clients.sqs(), queueUrls));

        // closed after the clients (services stop in reverse order), whenever the stand-ins got as far as starting
        closeOnStop(context, () -> {
            LocalStandins started = standins.isDone() && !standins.isCompletedExceptionally() ? standins.join() : null;
            if (started != null) {
                started.close();
            }
        });
        closeOnStop(context, clients);
        // the stand-ins and their queues and tables are needed once routes are created, not before: route loading
        // and the rest of the wiring overlap with their start-up
        Stores stores = stores(context, settings, resources, clients);
        registry.bind("stores", stores);
        registry.bind("tables", stores.tables());
        if (stores.engine() == Stores.Engine.SQLITE) {
            // the AWS CLI and SDKs read the local tables as DynamoDB's (read-only) on the API endpoint
            registry.bind("localDynamoDbApi", new DynamoDbReadApi(stores.tables(), mapper, settings.aws().region(),
                    settings.aws().account()));
        }
        boolean dynamoDbTables = stores.engine() == Stores.Engine.DYNAMODB;
        CompletableFuture<Void> ready = settings.provision()
                ? standins.thenAccept(s -> new Provisioner(clients.sqs(), clients.dynamoDb())
                        .provision(resources, dynamoDbTables))
                : standins.thenAccept(s -> { });
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextInitializing(CamelContext camelContext) {
                // routes are created as the context initialises, and an aws2-sqs endpoint looks its queue up then
                try {
                    ready.join();
                } catch (CompletionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        });

        if (rules != null) {
            LOG.info("Loaded {} rules on buses {} from {}", rules.rules().size(), rules.eventBuses(),
                    ConfigFiles.describe(settings.configDir(), "rules.yaml"));
            registry.bind("ruleSet", rules);
            // the archive of every accepted event (seed 002: 365 days) and its replay; written off the PutEvents path
            ArchiveSettings archiveSettings = ArchiveSettings.from(
                    key -> context.getPropertiesComponent().resolveProperty(key).orElse(null), resources);
            ArchiveStore archiveStore = archiveSettings.enabled()
                    ? stores.choose(sql -> new SqlArchiveStore(sql, archiveSettings.table()),
                            ddb -> new DynamoDbArchiveStore(ddb.async(), archiveSettings.table()))
                    : null;
            EventArchive archive = archiveStore != null
                    ? new EventArchive(archiveStore, archiveSettings, meters, Clock.systemUTC()) : null;
            if (archive != null) {
                registry.bind("eventArchive", archive);
                closeOnStop(context, archive); // after the clients and the database: it drains its writes before they close
            }
            EventBus bus = new EventBus(matcher, queueSender(context, clients), counters,
                    archive == null ? AcceptedEvents.NONE : archive, mapper,
                    settings.aws().account(), settings.aws().region());
            registry.bind("eventBus", bus);
            registry.bind("eventPublisher", new BusEventPublisher(bus));
            if (archive != null) {
                registry.bind("archiveReplayer", new ArchiveReplayer(archiveStore, archiveSettings, bus,
                        mapper, meters));
            }
        }

        if (rules == null) {
            // profile aws: events the routes produce go to EventBridge, whose rules deliver them
            EventBridgeAsyncClient eventBridge = clients.eventBridgeAsync(context.getPropertiesComponent()
                    .resolveProperty("signalbox.aws.eventbridge-endpoint").orElse(null));
            registry.bind("eventPublisher", new EventBridgePublisher(eventBridge));
        }
        bindRouting(context, settings, stores);
        // seed 001's orders, inventory, notifications and workflow
        OrderStackWiring.bind(context, settings, clients, stores);
        // the operator's side of the DLQs: list, peek, replay, purge (admin API and JMX)
        registry.bind("deadLetters", new DeadLetters(clients.sqs(), resources, new DeadLetters.Limits(
                intProperty(context, "signalbox.admin.dlq.peek-max"),
                intProperty(context, "signalbox.admin.dlq.wait-time-seconds"),
                intProperty(context, "signalbox.admin.dlq.visibility-timeout-seconds"))));

        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        health.register(new QueueDepthHealthCheck(clients.sqsAsync(),
                registry.lookupByNameAndType("queueUrls", QueueUrls.class), resources.queues()));
    }

    /**
     * The engine of Signalbox's state ({@code signalbox.store.engine}): SQLite in one file under the data directory
     * (in memory with {@code signalbox.in-memory}), opened here with every declared table, or DynamoDB.
     */
    private static Stores stores(CamelContext context, Settings settings, ResourceDeclarations resources,
            AwsClients clients) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        Stores.Engine engine = Stores.Engine.of(property(pc, "signalbox.store.engine"));
        if (engine == Stores.Engine.DYNAMODB) {
            return Stores.dynamoDb(clients.dynamoDb(), clients.dynamoDbAsync(), resources.tables());
        }
        java.nio.file.Path file = settings.dataDir() == null ? null
                : java.nio.file.Path.of(property(pc, "signalbox.store.file"));
        SqlDatabase db = SqlDatabase.open(SqlDatabase.Options.from(file, key -> pc.resolveProperty(key).orElse(null)),
                resources.tables());
        closeOnStop(context, db);
        return Stores.sqlite(db);
    }

    /** The router's policy, schemas and idempotent repository, and the beans the built-in handlers use. */
    private static void bindRouting(CamelContext context, Settings settings, Stores stores) {
        Registry registry = context.getRegistry();
        PropertiesComponent pc = context.getPropertiesComponent();
        RoutingPolicy policy = ConfigFiles.read(settings.configDir(), "routing.yaml", RoutingConfig.class).policy();
        registry.bind("routingPolicy", policy);
        SchemaRegistry schemas = SchemaRegistry.load(policy.domainTypes(),
                (type, version) -> "schemas/" + type.replace(' ', '-') + ".v" + version + ".json",
                name -> ConfigFiles.openOptional(settings.configDir(), name), BuiltInUpcasters.all());
        LOG.info("Routing {} domain event types; JSON Schemas for {}", policy.domainTypes().size(), schemas.detailTypes());
        registry.bind("schemaRegistry", schemas);

        registry.bind("idempotentRepository", idempotentRepository(pc, stores));
        String workflowStateTable = property(pc, "signalbox.handlers.workflow-state-table");
        registry.bind("workflowStates", stores.<WorkflowStates>choose(sql -> new SqlWorkflowStates(sql, workflowStateTable),
                ddb -> new DynamoDbWorkflowStates(ddb.async(), workflowStateTable)));
    }

    /**
     * {@code signalbox.idempotency.repository}: {@code store}, the claims in the engine's store (SQLite or DynamoDB),
     * or {@code memory}, Camel's in-memory repository (this JVM only: benchmarks, tests).
     */
    private static IdempotentRepository idempotentRepository(PropertiesComponent pc, Stores stores) {
        return switch (RepositoryKind.of(property(pc, "signalbox.idempotency.repository"))) {
            case STORE -> {
                String table = property(pc, "signalbox.idempotency.table");
                Duration retention = Duration.ofHours(Long.parseLong(property(pc, "signalbox.idempotency.ttl-hours")));
                Duration lease = Duration.ofSeconds(Long.parseLong(property(pc, "signalbox.idempotency.lease-seconds")));
                yield new ClaimRepository(stores.choose(
                        sql -> new SqlClaimStore(sql, table, retention, lease, Clock.systemUTC()),
                        ddb -> new DynamoDbClaimStore(ddb.sync(), ddb.async(), table, retention, lease, Clock.systemUTC(),
                                Boolean.parseBoolean(property(pc, "signalbox.idempotency.group-commit")))));
            }
            case MEMORY -> MemoryIdempotentRepository.memoryIdempotentRepository(
                    Integer.parseInt(property(pc, "signalbox.idempotency.memory-size")));
        };
    }

    private static String property(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set"));
    }

    /** The registry /observe/metrics scrapes: camel-micrometer-prometheus binds it before configurations run. */
    private static MeterRegistry meterRegistry(Registry registry) {
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (meters == null) {
            meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            registry.bind(MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        }
        return meters;
    }

    private static int intProperty(CamelContext context, String key) {
        String value = context.getPropertiesComponent().resolveProperty(key).map(String::trim)
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set"));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Property " + key + " must be a whole number, not '" + value + "'");
        }
    }

    /** Closes {@code resource} when the context stops, after the routes that use it have stopped. */
    private static void closeOnStop(CamelContext context, AutoCloseable resource) throws Exception {
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }

            @Override
            public String toString() {
                return resource.getClass().getSimpleName();
            }
        }, true, true);
    }

    /**
     * The one SQS sender of this Signalbox (the bus's deliveries and the notifications queue share it, so their
     * messages to one queue batch together).
     */
    static SqsQueueSender queueSender(CamelContext context, AwsClients clients) {
        Registry registry = context.getRegistry();
        SqsQueueSender sender = registry.lookupByNameAndType("queueSender", SqsQueueSender.class);
        if (sender == null) {
            sender = new SqsQueueSender(clients.sqsAsync(), registry.lookupByNameAndType("queueUrls", QueueUrls.class),
                    intProperty(context, "signalbox.sqs.max-batches-in-flight"));
            registry.bind("queueSender", sender);
        }
        return sender;
    }
}
