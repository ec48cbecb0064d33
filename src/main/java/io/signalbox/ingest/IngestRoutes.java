package io.signalbox.ingest;

import io.signalbox.aws.QueueUrls;
import io.signalbox.config.Settings;
import io.signalbox.deadletter.DeadLetterRoutes;
import io.signalbox.events.Envelope;
import io.signalbox.events.EnvelopeParser;
import io.signalbox.events.InvalidEventException;
import io.signalbox.ops.EventCounters;
import org.apache.camel.builder.RouteBuilder;

/**
 * One route per target queue ({@code signalbox.ingest.queues}): batch-receive with camel-aws2-sqs, parse the
 * body into an {@link Envelope} and hand it to {@code direct:events-in} (the router). A message is deleted only
 * when its exchange succeeded or the dead-letter channel moved it to its DLQ (a message that is not an event
 * goes there at once, with the reason); a message whose processing crashed stays on the queue, and SQS
 * redrive moves it to the queue's DLQ after its maxReceiveCount receives. With {@code signalbox.ingest.batch-delete} (the default) the deletes
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

        QueueUrls urls = getContext().getRegistry().lookupByNameAndType("queueUrls", QueueUrls.class);
        boolean batchDelete = Boolean.parseBoolean(getContext().resolvePropertyPlaceholders(
                "{{signalbox.ingest.batch-delete}}").trim());

        for (String queue : settings.ingestQueues()) {
            BatchDeleter deleter = batchDelete ? new BatchDeleter(queue, urls) : null;
            String deletes = "";
            if (deleter != null) {
                String name = "ingestDeleter-" + queue;
                getContext().getRegistry().bind(name, deleter);
                deletes = "&deleteAfterRead=false&pollStrategy=#" + name;
            }
            // per queue (signalbox.ingest.concurrent-consumers.<queue>), else the default for every queue
            String consumers = getContext().getPropertiesComponent()
                    .resolveProperty("signalbox.ingest.concurrent-consumers." + queue)
                    .orElse("{{signalbox.ingest.concurrent-consumers}}").trim();
            from("aws2-sqs:" + queue + "?concurrentConsumers=" + consumers
                    + "&maxMessagesPerPoll={{signalbox.ingest.max-messages-per-poll}}"
                    + "&waitTimeSeconds={{signalbox.ingest.wait-time-seconds}}&greedy=true&delay={{signalbox.ingest.poll-delay-ms}}"
                    + deletes)
                    .routeId("ingest-" + queue).routeConfigurationId(DeadLetterRoutes.ID)
                    .process(exchange -> {
                        if (deleter != null) {
                            // first, so that whatever fails later keeps the message on the queue
                            exchange.getExchangeExtension().addOnCompletion(deleter.onCompletion());
                        }
                        String raw = exchange.getMessage().getBody(String.class);
                        // what the dead-letter channel and the unrouted queue get: the message as it came
                        exchange.setProperty(DeadLetterRoutes.SOURCE_QUEUE, queue);
                        exchange.setProperty(DeadLetterRoutes.RAW_MESSAGE, raw);
                        Envelope envelope;
                        try {
                            envelope = parser.parse(raw);
                        } catch (InvalidEventException e) {
                            counters.ingestFailed(queue);
                            throw e;
                        }
                        exchange.getMessage().setBody(envelope);
                        exchange.getMessage().setHeader(QUEUE_HEADER, queue);
                        counters.ingested(queue, envelope.source(), envelope.detailType());
                    })
                    .to("direct:events-in");
        }
    }

}
