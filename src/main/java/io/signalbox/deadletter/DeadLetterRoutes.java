package io.signalbox.deadletter;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.signalbox.aws.QueuePublisher;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.events.Envelope;
import io.signalbox.events.InvalidEventException;
import io.signalbox.events.RejectedEventException;
import io.signalbox.idempotency.EventInProgressException;
import io.signalbox.ops.EventCounters;
import io.signalbox.schemas.SchemaValidationException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.ExpressionAdapter;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The dead-letter channel, declared once as the route configuration {@value #ID} that every consuming route
 * uses (ingest, router, handlers: {@code routeConfigurationId: dead-letter-channel} in YAML).
 *
 * <p>A failure is redelivered with exponential backoff and jitter ({@code signalbox.dlc.*}; the number of
 * redeliveries per consuming route with {@code signalbox.dlc.maximum-redeliveries.<route-id>}), then the
 * ORIGINAL message goes to the DLQ of the queue it came from with the error metadata of
 * {@link DeadLetterAttributes}; the exchange then counts as handled, so the message leaves its queue. Input
 * that can never succeed (not an event, schema-invalid) skips the redeliveries. If even the DLQ send fails,
 * the exchange fails and the message stays on its queue for SQS redrive. The idempotency claim of a
 * dead-lettered event is released, so a replay from the DLQ is processed as new.
 *
 * <p>An event whose idempotency claim another attempt holds ({@link EventInProgressException}) is neither retried nor
 * dead-lettered, and that claim is not released (its own {@code onException}, which never reaches
 * {@code dead-letter-publish}): the exchange fails (counted as routed outcome {@code in_progress}), so the message
 * stays on its queue and is delivered again until the claim is confirmed or its lease lapses.
 */
public class DeadLetterRoutes extends RouteConfigurationBuilder {

    public static final String ID = "dead-letter-channel";
    /** Exchange property: the queue the message was taken from (set by the ingest routes). */
    public static final String SOURCE_QUEUE = "SignalboxSourceQueue";
    /** Exchange property: the idempotency key claimed for the event, released when it is dead-lettered. */
    public static final String IDEMPOTENCY_KEY = "SignalboxIdempotencyKey";
    /** Exchange property: the message body as it came off the queue (set by the ingest routes). */
    public static final String RAW_MESSAGE = "SignalboxRawMessage";
    /** Exchange property set once the message is on its DLQ: the idempotent repository must not confirm it. */
    public static final String DEAD_LETTERED = "SignalboxDeadLettered";
    static final String FIRST_FAILURE = "SignalboxFirstFailure";
    static final String ATTEMPTS = "SignalboxAttempts";
    static final String ENDPOINT = "direct:dead-letter";

    @Override
    public void configuration() throws Exception {
        DeadLetterChannelBuilder dlc = deadLetterChannel(ENDPOINT);
        // if even the DLQ send fails, the exchange fails and the message stays on its queue (SQS redrive)
        dlc.deadLetterHandleNewException(false);
        dlc.useOriginalMessage()
                .redeliveryDelay(longProperty("signalbox.dlc.initial-delay-ms"))
                .useExponentialBackOff()
                .backOffMultiplier(Double.parseDouble(setting("signalbox.dlc.backoff-multiplier")))
                .maximumRedeliveryDelay(longProperty("signalbox.dlc.maximum-delay-ms"))
                .useCollisionAvoidance()
                .collisionAvoidancePercent(Double.parseDouble(setting("signalbox.dlc.jitter-percent")))
                .asyncDelayedRedelivery()
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .retryWhile(new ExpressionAdapter() {
                    @Override
                    public Object evaluate(Exchange exchange) {
                        // evaluated with the number of the redelivery about to be made (1 for the first)
                        return redeliveries(exchange) <= maximumRedeliveries(exchange.getFromRouteId());
                    }
                })
                .onRedelivery(exchange -> {
                    // redeliveries run on the error handler's threads: carry the correlation id into their logs
                    String correlation = exchange.getProperty(io.signalbox.routing.RouterRoutes.CORRELATION_ID, String.class);
                    if (correlation != null) {
                        org.slf4j.MDC.put(io.signalbox.routing.RouterRoutes.MDC_CORRELATION_ID, correlation);
                    }
                    exchange.setProperty(ATTEMPTS, redeliveries(exchange) + 1);
                    if (exchange.getProperty(FIRST_FAILURE) == null) {
                        exchange.setProperty(FIRST_FAILURE, Instant.now().toString());
                    }
                });
        RouteConfigurationDefinition channel = routeConfiguration(ID).errorHandler(dlc);
        // an event whose idempotency claim another attempt holds: not retried here, not dead-lettered, and that
        // claim kept; the exchange fails, so the message stays on its queue and is delivered again. (Each clause its
        // own statement: an onException chained after another's end() would be nested inside it.)
        channel.onException(EventInProgressException.class)
                .handled(false).maximumRedeliveries(0).logExhausted(false).logStackTrace(false)
                .process(DeadLetterRoutes::countInProgress);
        // input that no retry can fix goes to the DLQ at once (also a handler's specific refusal:
        // RejectedEventException, e.g. an order total mismatch or a sale beyond stock)
        channel.onException(InvalidEventException.class, SchemaValidationException.class, RejectedEventException.class)
                .handled(true).useOriginalMessage().maximumRedeliveries(0)
                .to(ENDPOINT);
    }

    @Override
    public void configure() throws Exception {
        ResourceDeclarations resources = getContext().getRegistry()
                .lookupByNameAndType("resourceDeclarations", ResourceDeclarations.class);
        EventCounters counters = getContext().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        Map<String, String> dlqOf = new HashMap<>();
        resources.queues().forEach(q -> {
            if (q.deadLetterQueue() != null) {
                dlqOf.put(q.name(), q.deadLetterQueue());
            }
        });
        QueuePublisher publisher = getContext().getRegistry().lookupByNameAndType("queuePublisher", QueuePublisher.class);

        from(ENDPOINT).routeId("dead-letter-publish")
                // failures here must fail the exchange (the message stays on its queue), not loop back
                .errorHandler(noErrorHandler())
                .process(exchange -> {
                    String source = exchange.getProperty(SOURCE_QUEUE, String.class);
                    String dlq = source == null ? null : dlqOf.get(source);
                    if (dlq == null) {
                        throw new IllegalStateException("No DLQ declared for queue " + source
                                + " in resources.yaml: the message stays on its queue");
                    }
                    Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    String now = Instant.now().toString();
                    Map<String, MessageAttributeValue> attributes = new HashMap<>();
                    put(attributes, DeadLetterAttributes.SOURCE_QUEUE, source);
                    put(attributes, DeadLetterAttributes.ERROR_CLASS, cause == null ? "unknown" : cause.getClass().getName());
                    put(attributes, DeadLetterAttributes.ERROR_MESSAGE, cause == null ? "unknown" : String.valueOf(cause.getMessage()));
                    put(attributes, DeadLetterAttributes.ERROR_ROUTE,
                            exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class));
                    if (exchange.getProperty(ATTEMPTS) == null) {
                        exchange.setProperty(ATTEMPTS, 1);
                    }
                    put(attributes, DeadLetterAttributes.ATTEMPTS, exchange.getProperty(ATTEMPTS, String.class));
                    put(attributes, DeadLetterAttributes.FIRST_FAILURE, exchange.getProperty(FIRST_FAILURE, now, String.class));
                    put(attributes, DeadLetterAttributes.LAST_FAILURE, now);
                    String correlation = exchange.getProperty(io.signalbox.routing.RouterRoutes.CORRELATION_ID, String.class);
                    put(attributes, DeadLetterAttributes.CORRELATION_ID, correlation);
                    publisher.publish(dlq, exchange.getProperty(RAW_MESSAGE, exchange.getMessage().getBody(String.class), String.class),
                            attributes);
                    counters.deadLettered(source, cause == null ? "unknown" : cause.getClass().getSimpleName());
                    String key = exchange.getProperty(IDEMPOTENCY_KEY, String.class);
                    IdempotentRepository repository = exchange.getContext().getRegistry()
                            .lookupByNameAndType("idempotentRepository", IdempotentRepository.class);
                    if (key != null && repository != null) {
                        repository.remove(key);
                        exchange.setProperty(DEAD_LETTERED, true);
                    }
                })
                .log(LoggingLevel.WARN, "io.signalbox.deadletter",
                        "Dead-lettered a message from ${exchangeProperty." + SOURCE_QUEUE + "} after "
                                + "${exchangeProperty." + ATTEMPTS + "} attempt(s): ${exception.message}");
    }

    private static void put(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            // SQS caps a message at 256 KiB with its attributes; an error message is cut well short of that
            String v = value.length() > 4096 ? value.substring(0, 4096) + "..." : value;
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(v).build());
        }
    }

    /** Counts an event whose claim another attempt holds as routed outcome {@code in_progress}. */
    private static void countInProgress(Exchange exchange) {
        EventCounters counters = exchange.getContext().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        // the message as it failed (this onException does not put the original back): the router's Envelope
        Envelope event = exchange.getMessage().getBody() instanceof Envelope e ? e : null;
        if (counters != null) {
            counters.routed("in_progress", event == null ? null : event.source(), event == null ? null : event.detailType());
        }
    }

    private int maximumRedeliveries(String routeId) {
        String perRoute = getContext().getPropertiesComponent()
                .resolveProperty("signalbox.dlc.maximum-redeliveries." + routeId).orElse(null);
        return Integer.parseInt((perRoute != null ? perRoute : setting("signalbox.dlc.maximum-redeliveries")).trim());
    }

    private static int redeliveries(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
    }

    private String setting(String key) {
        return getContext().getPropertiesComponent().resolveProperty(key)
                .orElseThrow(() -> new IllegalStateException("Property " + key + " is not set")).trim();
    }

    private long longProperty(String key) {
        return Long.parseLong(setting(key));
    }
}
