package io.signalbox.jobs;

import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.ops.EventCounters;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduled rules and the operator's trigger against a running local Signalbox (real Quartz, ElasticMQ and
 * SQLite). The route {@code ingest-command-queue} is stopped, so the command queue is read here as a
 * user would read it; each test drains it first. Besides seed 000's four jobs, the rules hold a yearly test job
 * (it never fires by itself during a test: the tests fire it through Quartz's scheduler API, at a time a
 * second or two ahead, or now), a {@code rate(7 minutes)} job and a DISABLED one. Events are told apart by
 * their rule ARN or id, so an hourly run of the seed's anomaly job during the test changes nothing.
 */
class JobsIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String ARN = "arn:aws:events:us-east-1:000000000000:rule/";
    private static final String YEARLY = "test-yearly-job";

    @TempDir
    static Path home;

    static SignalboxInstance signalbox;
    static Scheduler quartz;
    static HttpClient http = HttpClient.newHttpClient();
    /** What was read off the command queue (and deleted) so far in the current test. */
    static final List<JsonNode> received = new ArrayList<>();
    static final List<Map<String, ?>> attributes = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        signalbox = SignalboxInstance.in(home);
        Path rules = signalbox.configDir().resolve("rules.yaml");
        Files.writeString(rules, Files.readString(rules) + """

                  - name: test-yearly-job
                    schedule-expression: cron(0 0 1 1 ? *)
                    targets:
                      - queue: command-queue
                  - name: test-interval-job
                    schedule-expression: rate(7 minutes)
                    targets:
                      - queue: command-queue
                  - name: test-paused-job
                    state: DISABLED
                    schedule-expression: cron(0 0 1 1 ? *)
                    targets:
                      - queue: command-queue
                  - name: test-second-tuesday-job
                    schedule-expression: cron(0/30 6 ? jan-jun 3#2 2025-2199)
                    targets:
                      - queue: command-queue
                  - name: test-misdirected-job
                    state: DISABLED
                    schedule-expression: cron(0 0 1 1 ? *)
                    targets:
                      - queue: no-such-queue
                """);
        signalbox.start();
        signalbox.context().getRouteController().stopRoute("ingest-command-queue");
        quartz = signalbox.context().getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    @AfterAll
    static void stop() {
        signalbox.close();
    }

    @BeforeEach
    void drainTheCommandQueue() {
        String url = signalbox.queueUrl("command-queue");
        List<Message> batch;
        do {
            batch = signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            batch.forEach(m -> signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        } while (!batch.isEmpty());
        received.clear();
        attributes.clear();
    }

    /** Reads (and deletes) what is on the command queue into {@link #received}. */
    private static void poll() throws Exception {
        String url = signalbox.queueUrl("command-queue");
        for (Message m : signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageAttributeNames("All")).messages()) {
            received.add(MAPPER.readTree(m.body()));
            attributes.add(m.messageAttributes());
            signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
    }

    private static List<JsonNode> matching(Predicate<JsonNode> p) {
        return received.stream().filter(p).toList();
    }

    private static JsonNode awaitEvent(Predicate<JsonNode> p) {
        await().atMost(PATIENCE).until(() -> {
            poll();
            return !matching(p).isEmpty();
        });
        return matching(p).get(0);
    }

    private static Predicate<JsonNode> ofRule(String rule) {
        return e -> e.get("resources").toString().equals("[\"" + ARN + rule + "\"]");
    }

    private static Predicate<JsonNode> withId(String id) {
        return e -> e.get("id").asText().equals(id);
    }

    private static long completed(String routeId) {
        return signalbox.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesCompleted();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(signalbox.httpEndpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ schedules

    @Test
    void eachEnabledScheduledRuleHasAStatefulQuartzTriggerOnItsUtcTranslation() throws Exception {
        for (String job : List.of("daily-forecasting-job", "daily-optimization-job", "hourly-anomaly-detection-job",
                "weekly-report-generation-job", YEARLY, "test-interval-job", "test-second-tuesday-job")) {
            assertNotNull(signalbox.context().getRoute("jobs-schedule-" + job), job);
            assertTrue(quartz.getJobDetail(JobKey.jobKey(job, ScheduleRoutes.QUARTZ_GROUP)).isConcurrentExecutionDisallowed(),
                    job + " never overlaps itself");
        }
        assertNull(signalbox.context().getRoute("jobs-schedule-test-paused-job"), "a DISABLED rule does not fire");

        Trigger weekly = quartz.getTrigger(TriggerKey.triggerKey("weekly-report-generation-job", ScheduleRoutes.QUARTZ_GROUP));
        CronTrigger cron = assertInstanceOf(CronTrigger.class, weekly);
        assertEquals("0 0 4 ? * MON *", cron.getCronExpression());
        assertEquals("UTC", cron.getTimeZone().getID());
        assertEquals(CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW, cron.getMisfireInstruction());
        Instant next = weekly.getNextFireTime().toInstant();
        assertEquals(next, ScheduleExpression.parse("cron(0 4 ? * MON *)").nextFireAfter(Instant.now()).orElseThrow());
        assertEquals(java.time.DayOfWeek.MONDAY, next.atZone(ZoneOffset.UTC).getDayOfWeek());
        assertEquals(4, next.atZone(ZoneOffset.UTC).getHour());

        // characters that mean something in a URI reach Quartz intact
        CronTrigger nth = assertInstanceOf(CronTrigger.class,
                quartz.getTrigger(TriggerKey.triggerKey("test-second-tuesday-job", ScheduleRoutes.QUARTZ_GROUP)));
        assertEquals("0 0/30 6 ? JAN-JUN 3#2 2025-2199", nth.getCronExpression());
        Instant tuesday = nth.getNextFireTime().toInstant();
        assertEquals(java.time.DayOfWeek.TUESDAY, tuesday.atZone(ZoneOffset.UTC).getDayOfWeek());
        assertTrue(tuesday.atZone(ZoneOffset.UTC).getDayOfMonth() >= 8 && tuesday.atZone(ZoneOffset.UTC).getDayOfMonth() <= 14);

        CronTrigger daily = assertInstanceOf(CronTrigger.class,
                quartz.getTrigger(TriggerKey.triggerKey("daily-forecasting-job", ScheduleRoutes.QUARTZ_GROUP)));
        assertEquals("0 0 2 * * ? *", daily.getCronExpression());
        assertEquals(2, daily.getNextFireTime().toInstant().atZone(ZoneOffset.UTC).getHour());

        // rate(7 minutes) does not divide the hour: a repeat interval, first due one interval after the rule's
        // first sighting, not at start
        SimpleTrigger interval = assertInstanceOf(SimpleTrigger.class,
                quartz.getTrigger(TriggerKey.triggerKey("test-interval-job", ScheduleRoutes.QUARTZ_GROUP)));
        assertEquals(Duration.ofMinutes(7).toMillis(), interval.getRepeatInterval());
        assertTrue(interval.getNextFireTime().toInstant().isAfter(Instant.now().plus(Duration.ofMinutes(6))),
                interval.getNextFireTime().toString());
    }

    @Test
    void aRunFiredByQuartzAtItsScheduledTimeArrivesInTheCommandQueueAsEventBridgesScheduledEvent() throws Exception {
        // a one-off trigger of the rule's own Quartz job, two seconds ahead: Quartz fires it on its own clock
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        quartz.scheduleJob(TriggerBuilder.newTrigger().forJob(JobKey.jobKey(YEARLY, ScheduleRoutes.QUARTZ_GROUP))
                .startAt(Date.from(at)).build());

        JsonNode event = awaitEvent(ofRule(YEARLY));
        assertEquals("0", event.get("version").asText());
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("000000000000", event.get("account").asText());
        assertEquals("us-east-1", event.get("region").asText());
        assertEquals(at.toString(), event.get("time").asText(), "the scheduled fire time");
        assertEquals("{}", event.get("detail").toString());
        assertFalse(event.get("id").asText().isBlank());
        assertTrue(Instant.now().compareTo(at) >= 0, "not before its time");
        assertEquals(Map.of(), attributes.get(received.indexOf(event)), "nothing of Quartz's leaks into SQS attributes");

        // the ledger holds the run's time
        assertEquals(Optional.of(at), JobWiring.ledger(signalbox.context(), "job-schedules").last(YEARLY));
    }

    @Test
    void aTriggerFiredNowThroughQuartzsApiSendsTheRunToo() throws Exception {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        quartz.triggerJob(JobKey.jobKey(YEARLY, ScheduleRoutes.QUARTZ_GROUP));
        JsonNode event = awaitEvent(ofRule(YEARLY));
        Instant time = Instant.parse(event.get("time").asText());
        assertTrue(!time.isBefore(before) && !time.isAfter(Instant.now()), time.toString());
    }

    @Test
    void oneScheduledTimeRunsOnceEvenWhenItFiresTwice() throws Exception {
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        JobKey job = JobKey.jobKey(YEARLY, ScheduleRoutes.QUARTZ_GROUP);
        long before = completed("jobs-schedule-" + YEARLY);
        quartz.scheduleJob(TriggerBuilder.newTrigger().forJob(job).startAt(Date.from(at)).build());
        quartz.scheduleJob(TriggerBuilder.newTrigger().forJob(job).startAt(Date.from(at)).build());
        // both fires went through the route; only the one that claimed the time in the ledger sent anything
        await().atMost(PATIENCE).until(() -> completed("jobs-schedule-" + YEARLY) == before + 2);
        poll();
        poll();
        assertEquals(1, matching(ofRule(YEARLY)).size(), received.toString());
        assertEquals(at.toString(), matching(ofRule(YEARLY)).get(0).get("time").asText());
    }

    // ------------------------------------------------------------------ manual trigger over HTTP

    @Test
    void anOperatorRunsAJobOverHttpAndGetsTheEventId() throws Exception {
        HttpResponse<String> response = post("/admin/jobs/daily-forecasting-job/run", "");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonNode answer = MAPPER.readTree(response.body());
        String id = answer.get("event_id").asText();
        assertEquals(200, answer.get("statusCode").asInt());
        assertEquals("success", answer.get("body").get("status").asText());
        assertEquals(id, answer.get("body").get("event_id").asText());
        assertEquals("daily-forecasting-job", answer.get("body").get("job").asText());

        JsonNode event = awaitEvent(withId(id));
        assertEquals("Scheduled Event", event.get("detail-type").asText());
        assertEquals("aws.events", event.get("source").asText());
        assertEquals("[\"" + ARN + "daily-forecasting-job\"]", event.get("resources").toString());
        assertEquals("{\"command\":\"daily-forecasting-job\",\"trigger\":\"manual\"}", event.get("detail").toString());
        assertEquals(Map.of(), attributes.get(received.indexOf(event)), "no HTTP header reaches SQS");
    }

    @Test
    void aJsonBodyBecomesTheRunsParameters() throws Exception {
        HttpResponse<String> response = post("/admin/jobs/daily-optimization-job/run", "{\"sku\":\"SKU-001\"}");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode event = awaitEvent(withId(MAPPER.readTree(response.body()).get("event_id").asText()));
        assertEquals("{\"command\":\"daily-optimization-job\",\"trigger\":\"manual\",\"parameters\":{\"sku\":\"SKU-001\"}}",
                event.get("detail").toString());
    }

    @Test
    void aDisabledJobCanStillBeRunByHand() throws Exception {
        HttpResponse<String> response = post("/admin/jobs/test-paused-job/run", "");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode event = awaitEvent(withId(MAPPER.readTree(response.body()).get("event_id").asText()));
        assertTrue(ofRule("test-paused-job").test(event));
    }

    @Test
    void anUnknownJobIsA404InSeed000sErrorShape() throws Exception {
        HttpResponse<String> response = post("/admin/jobs/nightly-nonsense/run", "");
        assertEquals(404, response.statusCode());
        JsonNode answer = MAPPER.readTree(response.body());
        assertEquals(404, answer.get("statusCode").asInt());
        assertEquals("error", answer.get("body").get("status").asText());
        assertEquals("Unknown job 'nightly-nonsense': the jobs are daily-forecasting-job, daily-optimization-job, "
                + "hourly-anomaly-detection-job, weekly-report-generation-job, test-yearly-job, test-interval-job, "
                + "test-paused-job, test-second-tuesday-job, test-misdirected-job", answer.get("body").get("error").asText());
        // an event rule is not a job
        assertEquals(404, post("/admin/jobs/order-events-rule/run", "").statusCode());
        poll();
        assertEquals(List.of(), received, "nothing was sent");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsA400() throws Exception {
        for (String body : List.of("not json", "[1,2]", "\"sku\"")) {
            HttpResponse<String> response = post("/admin/jobs/daily-forecasting-job/run", body);
            assertEquals(400, response.statusCode(), body);
            JsonNode answer = MAPPER.readTree(response.body());
            assertEquals("The request body must be a JSON object of job parameters, or empty",
                    answer.get("body").get("error").asText());
        }
        poll();
        assertEquals(List.of(), received, "nothing was sent");
    }

    @Test
    void aRunThatCannotBeSentIsA500InSeed000sErrorShape() throws Exception {
        HttpResponse<String> response = post("/admin/jobs/test-misdirected-job/run", "");
        assertEquals(500, response.statusCode(), response.body());
        JsonNode answer = MAPPER.readTree(response.body());
        assertEquals(500, answer.get("statusCode").asInt());
        assertEquals("error", answer.get("body").get("status").asText());
        assertTrue(answer.get("body").get("error").asText().startsWith("Could not run job test-misdirected-job: "),
                response.body());
        assertFalse(answer.has("event_id"), "no event id for a run that was not sent");
    }

    @Test
    void onlyPostRunsAJob() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                signalbox.httpEndpoint().resolve("/admin/jobs/daily-forecasting-job/run")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
    }

    // ------------------------------------------------------------------ manual trigger over JMX

    @Test
    void anOperatorRunsAJobOverJmx() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName jobs = new ObjectName("io.signalbox:type=admin,name=Jobs");
        assertEquals(List.of("daily-forecasting-job", "daily-optimization-job", "hourly-anomaly-detection-job",
                "weekly-report-generation-job", YEARLY, "test-interval-job", "test-paused-job",
                "test-second-tuesday-job", "test-misdirected-job"),
                List.of((String[]) jmx.getAttribute(jobs, "Jobs")));

        String result = (String) jmx.invoke(jobs, "runJob", new Object[] {"weekly-report-generation-job"},
                new String[] {String.class.getName()});
        JsonNode answer = MAPPER.readTree(result);
        assertEquals("success", answer.get("body").get("status").asText(), result);
        JsonNode event = awaitEvent(withId(answer.get("event_id").asText()));
        assertTrue(ofRule("weekly-report-generation-job").test(event));
        assertEquals("manual", event.get("detail").get("trigger").asText());

        JsonNode unknown = MAPPER.readTree((String) jmx.invoke(jobs, "runJob", new Object[] {"nope"},
                new String[] {String.class.getName()}));
        assertEquals(404, unknown.get("statusCode").asInt());
        assertEquals("error", unknown.get("body").get("status").asText());
    }

    @Test
    void theJmxOperationIsReachableThroughJolokia() throws Exception {
        HttpResponse<String> response = post("/observe/jolokia", """
                {"type":"exec","mbean":"io.signalbox:type=admin,name=Jobs","operation":"runJob",
                 "arguments":["hourly-anomaly-detection-job"]}""");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = MAPPER.readTree(MAPPER.readTree(response.body()).get("value").asText());
        JsonNode event = awaitEvent(withId(answer.get("event_id").asText()));
        assertTrue(ofRule("hourly-anomaly-detection-job").test(event));
    }

    // ------------------------------------------------------------------ into the command path

    @Test
    void withItsIngestRouteRunningTheCommandQueueIsTakenIn() throws Exception {
        EventCounters counters = signalbox.context().getRegistry().lookupByNameAndType("eventCounters", EventCounters.class);
        double before = counters.count("signalbox.events.ingested", "queue", "command-queue", "source", "aws.events",
                "detail_type", "Scheduled Event");
        signalbox.context().getRouteController().startRoute("ingest-command-queue");
        try {
            quartz.triggerJob(JobKey.jobKey(YEARLY, ScheduleRoutes.QUARTZ_GROUP));
            await().atMost(PATIENCE).until(() -> counters.count("signalbox.events.ingested", "queue", "command-queue",
                    "source", "aws.events", "detail_type", "Scheduled Event") >= before + 1);
        } finally {
            signalbox.context().getRouteController().stopRoute("ingest-command-queue");
        }
    }

    // ------------------------------------------------------------------ the ledger and the lease, on the instance's tables

    @Test
    void theLedgerClaimsEachScheduledTimeOnceAndGivesItBack() {
        ScheduleLedger ledger = JobWiring.ledger(signalbox.context(), "job-schedules");
        String rule = "ledger-test-" + System.nanoTime();
        Instant t1 = Instant.parse("2024-01-15T02:00:00Z");
        Instant t2 = Instant.parse("2024-01-16T02:00:00Z");
        assertEquals(Optional.empty(), ledger.last(rule));
        ScheduleLedger.Claim first = ledger.claim(rule, t1, Duration.ofMillis(1)).orElseThrow();
        assertEquals(Optional.empty(), first.previous());
        assertEquals(Optional.empty(), ledger.claim(rule, t1, Duration.ofMillis(1)), "the same time twice");
        assertEquals(Optional.empty(), ledger.claim(rule, t1.minusSeconds(60), Duration.ofMillis(1)), "an earlier time");
        // a gap: a repeat interval's next run must be (almost) one interval later
        assertEquals(Optional.empty(), ledger.claim(rule, t1.plusSeconds(60), Duration.ofMinutes(7)));
        ScheduleLedger.Claim second = ledger.claim(rule, t2, Duration.ofMillis(1)).orElseThrow();
        assertEquals(Optional.of(t1), second.previous());
        assertEquals(Optional.of(t2), ledger.last(rule));
        // a run that could not be sent gives its time back
        ledger.release(second);
        assertEquals(Optional.of(t1), ledger.last(rule));
        ledger.release(first);
        assertEquals(Optional.empty(), ledger.last(rule));
    }

    @Test
    void aLeaseIsHeldByOneRunAtATimeUntilReleasedOrExpired() {
        // an hour ago: late enough that the store's TTL sweeper (real time) leaves these leases alone (ttl is
        // expiry + 1 day), early enough that the bound lease below (real clock) is still live on this clock
        MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES));
        String job = "lease-test-" + System.nanoTime();
        JobLease a = JobWiring.lease(JobWiring.stores(signalbox.context()), "job-leases", "instance-a", clock);
        JobLease b = JobWiring.lease(JobWiring.stores(signalbox.context()), "job-leases", "instance-b", clock);

        JobLease.Lease held = a.acquire(job, Duration.ofMinutes(5)).orElseThrow();
        assertEquals(Optional.empty(), b.acquire(job, Duration.ofMinutes(5)), "held by a");
        assertEquals(Optional.empty(), a.acquire(job, Duration.ofMinutes(5)), "a run of a's does not overlap a's either");

        clock.advance(Duration.ofMinutes(4));
        held = a.renew(held, Duration.ofMinutes(5)).orElseThrow();
        clock.advance(Duration.ofMinutes(4));
        assertEquals(Optional.empty(), b.acquire(job, Duration.ofMinutes(5)), "renewed, so still held");

        a.release(held);
        JobLease.Lease taken = b.acquire(job, Duration.ofMinutes(5)).orElseThrow();

        // a lease that is not renewed expires, and its holder can no longer renew or release it
        clock.advance(Duration.ofMinutes(6));
        JobLease.Lease retaken = a.acquire(job, Duration.ofMinutes(5)).orElseThrow();
        assertEquals(Optional.empty(), b.renew(taken, Duration.ofMinutes(5)));
        b.release(taken);
        assertEquals(Optional.empty(), b.acquire(job, Duration.ofMinutes(5)), "b's stale release freed nothing");
        a.release(retaken);
        assertTrue(b.acquire(job, Duration.ofMinutes(5)).isPresent());

        // the routes that run jobs find one bound, on the configured table
        JobLease bound = signalbox.context().getRegistry().lookupByNameAndType("jobLease", JobLease.class);
        String other = job + "-bound";
        JobLease.Lease mine = bound.acquire(other, Duration.ofMinutes(5)).orElseThrow();
        assertEquals(Optional.empty(), a.acquire(other, Duration.ofDays(1)), "same table");
        bound.release(mine);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
