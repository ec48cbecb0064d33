package io.signalbox.ingest;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.signalbox.aws.AwsSettings;
import io.signalbox.config.Profile;
import io.signalbox.config.Settings;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.events.InvalidEventException;
import io.signalbox.ops.EventCounters;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Route test of {@code ingest-<queue>}: its SQS consumer is replaced by a direct endpoint (AdviceWith by
 * route id) and {@code direct:events-in} by a mock, so only the route's own work is under test.
 */
class IngestRoutesTest extends CamelTestSupport {

    private final EventCounters counters = new EventCounters(new SimpleMeterRegistry());

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = new Properties();
        p.setProperty("signalbox.ingest.concurrent-consumers", "1");
        p.setProperty("signalbox.ingest.max-messages-per-poll", "10");
        p.setProperty("signalbox.ingest.wait-time-seconds", "1");
        p.setProperty("signalbox.ingest.poll-delay-ms", "0");
        p.setProperty("signalbox.ingest.batch-delete", "true");
        return p;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("signalboxSettings", new Settings(Profile.LOCAL, "config", null, false, "127.0.0.1", 0,
                new AwsSettings("us-east-1", "000000000000", null, null, "x", "x"), false, false, List.of("orders-in")));
        registry.bind("envelopeParser", new EnvelopeParser(new ObjectMapper()));
        registry.bind("eventCounters", counters);
    }

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new IngestRoutes();
    }

    private MockEndpoint startAdvised() throws Exception {
        AdviceWith.adviceWith(context, "ingest-orders-in", a -> {
            a.replaceFromWith("direct:orders-in");
            a.weaveByToUri("direct:events-in").replace().to("mock:events-in");
        });
        context.start();
        return getMockEndpoint("mock:events-in");
    }

    @Test
    void anEventBecomesAnEnvelopeOnDirectEventsIn() throws Exception {
        MockEndpoint events = startAdvised();
        events.expectedMessageCount(1);
        events.expectedHeaderReceived(IngestRoutes.QUEUE_HEADER, "orders-in");

        template.sendBody("direct:orders-in", "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"Order Created\","
                + "\"source\":\"orders\",\"account\":\"000000000000\",\"time\":\"2024-01-15T10:00:00Z\","
                + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":{\"order_id\":\"ORD-1\",\"correlation_id\":\"c-9\"}}");

        events.assertIsSatisfied();
        Envelope envelope = events.getExchanges().get(0).getMessage().getBody(Envelope.class);
        assertEquals("e-1", envelope.id());
        assertEquals("c-9", envelope.correlationId());
        assertEquals("ORD-1", envelope.detail().get("order_id").asText());
        assertEquals(1.0, counters.count("signalbox.events.ingested", "queue", "orders-in", "source", "orders",
                "detail_type", "Order Created"));
    }

    @Test
    void aMessageThatIsNotAnEventFailsTheExchangeSoTheConsumerKeepsIt() throws Exception {
        MockEndpoint events = startAdvised();
        events.expectedMessageCount(0);

        Exchange result = template.send("direct:orders-in", e -> e.getMessage().setBody("not json"));

        assertInstanceOf(InvalidEventException.class, result.getException());
        events.assertIsSatisfied();
        assertEquals(1.0, counters.count("signalbox.events.ingest.failed", "queue", "orders-in"));
    }
}
