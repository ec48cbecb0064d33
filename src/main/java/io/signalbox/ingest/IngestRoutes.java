package io.signalbox.ingest;

import io.signalbox.config.Settings;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.events.InvalidEventException;
import io.signalbox.ops.EventCounters;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route per target queue ({@code signalbox.ingest.queues}): batch-receive with camel-aws2-sqs, parse the
 * body into an {@link Envelope} and hand it to {@code direct:events-in}. A message is deleted only when its
 * exchange succeeded; a message that fails stays on the queue, and SQS redrive moves it to the queue's DLQ
 * after its maxReceiveCount receives. With {@code signalbox.ingest.batch-delete} (the default) the deletes
 * of a poll go out ten to a DeleteMessageBatch request ({@link BatchDeleter}) rather than one DeleteMessage
 * per message: a third less CPU per event end to end (docs/benchmarks.md).
 */
public class IngestRoutes extends RouteBuilder {

    /** Header naming the queue an event came from. */
    public static final String QUEUE_HEADER = "SignalboxQueue";

    @Override
    public void configure() {
        Settings settings = getContext().getRegistry().lookupByNameAndType("signalboxSettings", Settings.class);
        EnvelopeParser parser = getContext().getRegistry().lookupByNameAndType("envelopeParser", EnvelopeParser.class);
        EventCounters counters = getContext().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);

        boolean batchDelete = Boolean.parseBoolean(getContext().resolvePropertyPlaceholders(
                "{{signalbox.ingest.batch-delete}}").trim());

        for (String queue : settings.ingestQueues()) {
            BatchDeleter deleter = batchDelete ? new BatchDeleter(queue) : null;
            String deletes = "";
            if (deleter != null) {
                String name = "ingestDeleter-" + queue;
                getContext().getRegistry().bind(name, deleter);
                deletes = "&deleteAfterRead=false&pollStrategy=#" + name;
            }
            from("aws2-sqs:" + queue + "?concurrentConsumers={{signalbox.ingest.concurrent-consumers}}"
                    + "&maxMessagesPerPoll={{signalbox.ingest.max-messages-per-poll}}"
                    + "&waitTimeSeconds={{signalbox.ingest.wait-time-seconds}}&greedy=true&delay={{signalbox.ingest.poll-delay-ms}}"
                    + deletes)
                    .routeId("ingest-" + queue)
                    .onException(InvalidEventException.class)
                        .process(e -> counters.ingestFailed(queue))
                        .log(LoggingLevel.WARN, "Message ${header.CamelAwsSqsMessageId} on " + queue
                                + " is not an event (${exception.message}); it stays for redrive to the DLQ")
                    .end()
                    .process(exchange -> {
                        if (deleter != null) {
                            // first, so that whatever fails later keeps the message on the queue
                            exchange.getExchangeExtension().addOnCompletion(deleter.onCompletion());
                        }
                        Envelope envelope = parser.parse(exchange.getMessage().getBody(String.class));
                        exchange.getMessage().setBody(envelope);
                        exchange.getMessage().setHeader(QUEUE_HEADER, queue);
                        counters.ingested(queue, envelope.source(), envelope.detailType());
                    })
                    .to("direct:events-in");
        }
    }

}
