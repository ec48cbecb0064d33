package io.signalbox.routing;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.aws.QueuePublisher;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.events.Envelope;
import io.signalbox.ops.EventCounters;
import io.signalbox.schemas.SchemaRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.spi.Synchronization;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The router (seed 002's smart routing, as Camel routes). Every event ingest hands to {@code direct:events-in}:
 *
 * <ol>
 * <li>{@code routing-router}: correlation id ({@code detail.correlation_id}, else the event id) into an
 * exchange property and the logging MDC; the circuit breaker acknowledges {@code ErrorNotificationRequested}
 * without routing it; everything else is classified by {@link RoutingPolicy}, and the idempotent consumer
 * (the claims of {@code io.signalbox.idempotency.ClaimRepository}, in the engine's store) lets it take effect
 * once: a key done is a duplicate (counted, acknowledged); a key another attempt holds within its lease fails the
 * exchange ({@code EventInProgressException}: the message comes back, see {@link DeadLetterRoutes}); then
 * dispatch by kind.</li>
 * <li>{@code routing-domain}: upcast and validate the detail against its JSON Schema, then the handler route
 * for the detail-type (named in {@code routing.yaml}, YAML routes in {@code routes/} and
 * {@code config/routes/}).</li>
 * <li>{@code routing-command}: unwrap the scheduler envelope, find the command, dispatch to
 * {@code direct:command-<command>}.</li>
 * <li>{@code routing-unrouted}: anything else goes to the unrouted queue with the reason, never dropped.</li>
 * </ol>
 * Failures inside these routes go up to the consuming route's dead-letter channel ({@link DeadLetterRoutes});
 * handler, command and unrouted routes have the channel themselves, so a failing handler is retried where it
 * failed, inside the idempotent consumer, and never meets its own idempotency claim on redelivery.
 */
public class RouterRoutes extends RouteBuilder {

    /** Exchange property: the correlation id of the event and of everything it causes. */
    public static final String CORRELATION_ID = "SignalboxCorrelationId";
    /** Exchange property: the event's id, the {@code causation_id} of events it produces. */
    public static final String CAUSATION_ID = "SignalboxCausationId";
    /** Logging MDC key of the correlation id. */
    public static final String MDC_CORRELATION_ID = "correlation_id";
    /** Header for handlers: the command name (command path). */
    public static final String COMMAND = "SignalboxCommand";
    /** Header for command routes: the unwrapped command payload (a JsonNode). */
    public static final String COMMAND_PAYLOAD = "SignalboxCommandPayload";
    static final String KIND = "SignalboxRouteKind";
    static final String UNROUTED_REASON = "SignalboxUnroutedReason";
    static final String TARGET = "SignalboxTarget";
    /** SQS message attribute of an unrouted message: why it was not routed. */
    public static final String UNROUTED_REASON_ATTRIBUTE = "signalbox.unrouted.reason";

    private static final Synchronization CLEAR_MDC = new SynchronizationAdapter() {
        @Override
        public void onDone(Exchange exchange) {
            MDC.remove(MDC_CORRELATION_ID);
        }
    };

    @Override
    public void configure() throws Exception {
        RoutingPolicy policy = lookup("routingPolicy", RoutingPolicy.class);
        SchemaRegistry schemas = lookup("schemaRegistry", SchemaRegistry.class);
        EventCounters counters = lookup("eventCounters", EventCounters.class);
        IdempotentRepository repository = lookup("idempotentRepository", IdempotentRepository.class);
        CommandResolver commands = new CommandResolver(new ObjectMapper(), policy.commandFields());
        QueuePublisher publisher = lookup("queuePublisher", QueuePublisher.class);
        String keyExpression = getContext().getPropertiesComponent()
                .resolveProperty("signalbox.idempotency.key-expression").map(String::trim).orElse("");
        Expression idempotencyKey = keyExpression.isEmpty()
                ? new ExpressionAdapter() {
                    @Override
                    public Object evaluate(Exchange exchange) {
                        return exchange.getMessage().getBody(Envelope.class).idempotencyKey();
                    }
                }
                : simple(keyExpression);

        from("direct:events-in").routeId("routing-router").errorHandler(noErrorHandler())
                .process(exchange -> {
                    Envelope event = exchange.getMessage().getBody(Envelope.class);
                    exchange.setProperty(CORRELATION_ID, event.correlationId());
                    exchange.setProperty(CAUSATION_ID, event.id());
                    MDC.put(MDC_CORRELATION_ID, event.correlationId());
                    exchange.getExchangeExtension().addOnCompletion(CLEAR_MDC);
                    RoutingPolicy.Decision decision = policy.classify(event);
                    exchange.setProperty(KIND, decision.kind().name().toLowerCase().replace('_', '-'));
                    exchange.setProperty(UNROUTED_REASON, decision.reason());
                })
                .filter(exchangeProperty(KIND).isEqualTo("circuit-breaker"))
                    .process(exchange -> count(counters, exchange, "circuit_breaker"))
                    .log(LoggingLevel.WARN, "io.signalbox.routing",
                            "Circuit breaker: ${body.detailType()} ${body.id()} from ${body.source()} is acknowledged"
                                    + " and not routed (correlation ${exchangeProperty." + CORRELATION_ID + "})")
                    .stop()
                .end()
                .setProperty(DeadLetterRoutes.IDEMPOTENCY_KEY, idempotencyKey)
                .idempotentConsumer(exchangeProperty(DeadLetterRoutes.IDEMPOTENCY_KEY))
                    .idempotentRepository(repository).skipDuplicate(false).removeOnFailure(true)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .removeProperty(DeadLetterRoutes.IDEMPOTENCY_KEY)
                            .process(exchange -> count(counters, exchange, "duplicate"))
                            .log(LoggingLevel.DEBUG, "io.signalbox.routing", "Duplicate ${body.id()}: already processed")
                        .when(exchangeProperty(KIND).isEqualTo("domain"))
                            .to("direct:routing-domain")
                        .when(exchangeProperty(KIND).isEqualTo("command"))
                            .to("direct:routing-command")
                        .otherwise()
                            .to("direct:routing-unrouted")
                    .end()
                .end();

        dispatch(counters, from("direct:routing-domain").routeId("routing-domain").errorHandler(noErrorHandler())
                .process(exchange -> {
                    Envelope event = exchange.getMessage().getBody(Envelope.class);
                    JsonNode detail = schemas.prepare(event.detailType(), event.schemaVersion(), event.detail());
                    if (detail != event.detail()) {
                        exchange.getMessage().setBody(withDetail(event, detail));
                    }
                    String handler = policy.handlerFor(event.detailType());
                    target(exchange, handler, "no handler route '" + handler + "' for detail-type '"
                            + event.detailType() + "'");
                }));

        dispatch(counters, from("direct:routing-command").routeId("routing-command").errorHandler(noErrorHandler())
                .process(exchange -> {
                    Envelope event = exchange.getMessage().getBody(Envelope.class);
                    CommandResolver.Command command = commands.resolve(event);
                    if (command == null) {
                        exchange.setProperty(UNROUTED_REASON, "command event names no command: no "
                                + policy.commandFields() + " field in detail and no rule ARN in resources");
                        return;
                    }
                    exchange.getMessage().setHeader(COMMAND, command.name());
                    exchange.getMessage().setHeader(COMMAND_PAYLOAD, command.payload());
                    String slug = RoutingPolicy.slug(command.name());
                    target(exchange, "command-" + slug, "unknown command '" + command.name() + "'");
                }));

        from("direct:routing-unrouted").routeId("routing-unrouted").routeConfigurationId(DeadLetterRoutes.ID)
                .process(exchange -> {
                    count(counters, exchange, "unrouted");
                    String reason = exchange.getProperty(UNROUTED_REASON, "not routable", String.class);
                    String raw = exchange.getProperty(DeadLetterRoutes.RAW_MESSAGE, String.class);
                    publisher.publish(setting("signalbox.routing.unrouted-queue"), raw, Map.of(
                            UNROUTED_REASON_ATTRIBUTE, attribute(reason),
                            "signalbox.source-queue", attribute(exchange.getProperty(DeadLetterRoutes.SOURCE_QUEUE, "unknown", String.class)),
                            "signalbox.correlation-id", attribute(exchange.getProperty(CORRELATION_ID, "unknown", String.class))));
                })
                .log(LoggingLevel.WARN, "io.signalbox.routing",
                        "Unrouted ${body.id()} '${body.detailType()}' from ${body.source()}: ${exchangeProperty." + UNROUTED_REASON + "}");
    }

    /** Ends a domain or command route: to the target route found, else to the unrouted queue. */
    private void dispatch(EventCounters counters, RouteDefinition route) {
        route.choice()
                .when(exchangeProperty(TARGET).isNotNull())
                    .process(exchange -> count(counters, exchange, exchange.getProperty(KIND, String.class)))
                    .toD("direct:${exchangeProperty." + TARGET + "}")
                .otherwise()
                    .to("direct:routing-unrouted")
                .end();
    }

    /** Sets the route to dispatch to when it is running, else the reason it is unrouted. */
    private void target(Exchange exchange, String routeId, String reasonIfMissing) {
        ServiceStatus status = getContext().getRouteController().getRouteStatus(routeId);
        if (status != null && status.isStarted()) {
            exchange.setProperty(TARGET, routeId);
        } else {
            exchange.setProperty(UNROUTED_REASON, reasonIfMissing + (status == null ? "" : " (route is " + status + ")"));
        }
    }

    static Envelope withDetail(Envelope e, JsonNode detail) {
        return new Envelope(e.version(), e.id(), e.detailType(), e.source(), e.account(), e.time(), e.region(),
                e.resources(), detail, e.correlationId(), e.causationId(),
                detail.hasNonNull("schema_version") ? detail.get("schema_version").asText() : e.schemaVersion(), e.tenant(),
                e.replayName());
    }

    private static void count(EventCounters counters, Exchange exchange, String outcome) {
        Envelope event = exchange.getMessage().getBody(Envelope.class);
        counters.routed(outcome, event.source(), event.detailType());
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private String setting(String key) {
        return getContext().getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set")).trim();
    }

    private <T> T lookup(String name, Class<T> type) {
        T bean = getContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("No " + name + " in the registry");
        }
        return bean;
    }
}
