package io.signalbox.jobs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.rules.Rule;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator runs a job now: {@code POST <signalbox.admin.path>/jobs/{job}/run} (route {@code jobs-trigger},
 * an optional JSON object body becomes the event's {@code detail.parameters}) or the JMX operation
 * {@code runJob} of MBean {@code io.signalbox:type=admin,name=Jobs}. Both go through route {@code jobs-run},
 * which sends the job's command event ({@link JobEvents#manual}) to its rule's target queues with
 * camel-aws2-sqs and answers with the event id ({@link JobResponses}); an unknown job is a 404.
 */
public class JobAdminRoutes extends RouteBuilder {

    /** MBean name of the jobs' JMX operations. */
    public static final String MBEAN = "io.signalbox:type=admin,name=Jobs";

    private static final Logger LOG = LoggerFactory.getLogger(JobAdminRoutes.class);
    private static final String JOB = "SignalboxJob";
    private static final String PARAMETERS = "SignalboxJobParameters";
    private static final String STATUS = "SignalboxStatusCode";
    private static final String TARGETS = "SignalboxJobTargets";
    private static final String EVENT_ID = "SignalboxEventId";

    @Override
    public void configure() throws Exception {
        JobCatalog catalog = JobWiring.catalog(getContext());
        JobEvents events = JobWiring.events(getContext());
        // bound for the routes that run the jobs, in every profile (several instances share the table in aws)
        JobWiring.lease(getContext());
        ObjectMapper mapper = new ObjectMapper();
        JobResponses responses = new JobResponses(mapper);

        onException(Exception.class).handled(true)
                .process(exchange -> {
                    Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                    answer(exchange, 500, responses.error(500, "Could not run job " + exchange.getProperty(JOB)
                            + ": " + (e == null ? "unknown error" : e.getMessage())));
                })
                .log(LoggingLevel.ERROR, LOG, "Job ${exchangeProperty." + JOB + "} could not be triggered: "
                        + "${exception.message}");

        from("platform-http:{{signalbox.admin.path}}/jobs/{job}/run?httpMethodRestrict=POST")
                .routeId("jobs-trigger")
                .process(exchange -> {
                    Message message = exchange.getMessage();
                    exchange.setProperty(JOB, message.getHeader("job", String.class));
                    String body = message.getBody(String.class);
                    // request headers must neither reach SQS nor echo back in the response
                    message.removeHeaders("*");
                    message.setBody(null);
                    if (body != null && !body.isBlank()) {
                        JsonNode parameters = parse(mapper, body);
                        if (parameters == null || !parameters.isObject()) {
                            answer(exchange, 400, responses.error(400, "The request body must be a JSON object of "
                                    + "job parameters, or empty"));
                            return;
                        }
                        exchange.setProperty(PARAMETERS, parameters);
                    }
                })
                .filter(exchangeProperty(STATUS).isNull())
                    .to("direct:jobs-run")
                .end();

        from("direct:jobs-run")
                .routeId("jobs-run")
                .process(exchange -> {
                    String job = exchange.getProperty(JOB, String.class);
                    Optional<Rule> rule = catalog.job(job);
                    if (rule.isEmpty()) {
                        answer(exchange, 404, responses.error(404, "Unknown job '" + job + "': the jobs are "
                                + String.join(", ", catalog.names())));
                        return;
                    }
                    String id = UUID.randomUUID().toString();
                    exchange.setProperty(EVENT_ID, id);
                    exchange.setProperty(TARGETS, rule.get().targets().stream()
                            .map(t -> "aws2-sqs:" + t.queueName()).toList());
                    Message message = exchange.getMessage();
                    message.removeHeaders("*");
                    message.setBody(events.manual(id, rule.get(), Instant.now(),
                            exchange.getProperty(PARAMETERS, JsonNode.class)));
                })
                .filter(exchangeProperty(STATUS).isNull())
                    .recipientList(exchangeProperty(TARGETS))
                    .process(exchange -> answer(exchange, 200, responses.success(
                            exchange.getProperty(EVENT_ID, String.class), exchange.getProperty(JOB, String.class))))
                    .log(LoggingLevel.INFO, LOG, "Job ${exchangeProperty." + JOB + "} triggered by an operator: "
                            + "event ${exchangeProperty." + EVENT_ID + "} sent to ${exchangeProperty." + TARGETS + "}")
                .end();

        getContext().addService(new JmxOperations(getContext(), catalog), true, true);
    }

    private static JsonNode parse(ObjectMapper mapper, String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Makes {@code body} the answer, HTTP status included: where an exception was handled, the route that
     * called {@code jobs-run} does not go on, so the answer must be complete here.
     */
    private static void answer(Exchange exchange, int status, String body) {
        exchange.setProperty(STATUS, status);
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }

    /** The MBean, registered on the platform MBean server while the context runs. */
    static final class JmxOperations extends ServiceSupport implements JobsMBean {

        private final CamelContext context;
        private final JobCatalog catalog;
        private ProducerTemplate template;
        private ObjectName name;

        JmxOperations(CamelContext context, JobCatalog catalog) {
            this.context = context;
            this.catalog = catalog;
        }

        @Override
        public String[] getJobs() {
            List<String> names = catalog.names();
            return names.toArray(String[]::new);
        }

        @Override
        public String runJob(String job) {
            Exchange done = template.send("direct:jobs-run", exchange -> exchange.setProperty(JOB, job));
            return done.getMessage().getBody(String.class);
        }

        @Override
        protected void doStart() throws Exception {
            template = context.createProducerTemplate();
            name = new ObjectName(MBEAN);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                // another Signalbox in this JVM (tests): the latest one answers
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(this, JobsMBean.class), name);
        }

        @Override
        protected void doStop() throws Exception {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (name != null && server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            if (template != null) {
                template.stop();
            }
        }
    }
}
