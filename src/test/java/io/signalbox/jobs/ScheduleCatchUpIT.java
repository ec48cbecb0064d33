package io.signalbox.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.testing.SignalboxInstance;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.Message;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs missed while Signalbox was down, across real restarts on the same data (SQLite and ElasticMQ keep
 * theirs under the test's directory): a rule seen for the first time runs nothing at start; a daily run
 * missed for three days runs once at the next start, with the latest missed time; a rule with nothing missed,
 * or a DISABLED one, sends nothing; a repeat interval catches up once; with {@code signalbox.schedules.misfire
 * = skip} the missed run is recorded and not run. Ingest is off, so the command queue is read as it is.
 */
class ScheduleCatchUpIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String ARN = "arn:aws:events:us-east-1:000000000000:rule/";
    private static final String DAILY = "daily-forecasting-job";

    @TempDir
    Path home;

    private final List<JsonNode> received = new ArrayList<>();

    private void poll(SignalboxInstance signalbox) throws Exception {
        String url = signalbox.queueUrl("command-queue");
        for (Message m : signalbox.sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages()) {
            received.add(MAPPER.readTree(m.body()));
            signalbox.sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
        }
    }

    private List<JsonNode> of(String rule) {
        return received.stream().filter(e -> e.get("resources").toString().equals("[\"" + ARN + rule + "\"]")).toList();
    }

    /** Sets what the ledger remembers of {@code rule}, as an earlier run would have left it. */
    private static void remember(SignalboxInstance signalbox, String rule, Instant last) {
        signalbox.put("job-schedules", Map.of(
                "rule_name", AttributeValue.fromS(rule),
                "last_scheduled", AttributeValue.fromN(Long.toString(last.toEpochMilli())),
                "last_scheduled_time", AttributeValue.fromS(last.toString())));
    }

    private static long completed(SignalboxInstance signalbox, String routeId) {
        return signalbox.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(routeId).getExchangesCompleted();
    }

    /** The latest 02:00 UTC at or before {@code now}. */
    private static Instant latest0200(Instant now) {
        ZonedDateTime today = now.atZone(ZoneOffset.UTC).toLocalDate().atTime(2, 0).atZone(ZoneOffset.UTC);
        return (today.toInstant().isAfter(now) ? today.minusDays(1) : today).toInstant();
    }

    @Test
    void aRunMissedWhileDownRunsOnceAtTheNextStartUnlessThePolicyIsSkip() throws Exception {
        SignalboxInstance first = SignalboxInstance.in(home).with("signalbox.in-memory", "false")
                .with("signalbox.ingest.queues", "");
        Path rules = first.configDir().resolve("rules.yaml");
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
                    schedule-expression: cron(0 2 * * ? *)
                    targets:
                      - queue: command-queue
                """);
        Instant firstStart = Instant.now();
        first.start();
        ScheduleLedger ledger = JobWiring.ledger(first.context(), "job-schedules");
        SignalboxInstance second;
        try {
            // first sight: each enabled scheduled rule is recorded from now, and nothing runs
            for (String rule : List.of(DAILY, "test-yearly-job", "test-interval-job")) {
                Instant recorded = ledger.last(rule).orElseThrow();
                assertTrue(!recorded.isBefore(firstStart) && !recorded.isAfter(Instant.now()), rule + " " + recorded);
            }
            assertEquals(Optional.empty(), ledger.last("test-paused-job"), "a DISABLED rule is not scheduled");
            poll(first);
            assertEquals(List.of(), of(DAILY));
            assertEquals(List.of(), of("test-interval-job"));

            // as if Signalbox had stopped three days ago, just after a daily run
            Instant now = Instant.now();
            remember(first, DAILY, latest0200(now).minus(Duration.ofDays(3)));
            remember(first, "test-yearly-job", now.minus(Duration.ofDays(1)));
            remember(first, "test-interval-job", now.minus(Duration.ofMinutes(20)));
            remember(first, "test-paused-job", now.minus(Duration.ofDays(3)));
        } finally {
            first.close();
        }

        Instant expected = latest0200(Instant.now());
        second = SignalboxInstance.restartOf(first).start();
        try {
            // three daily runs were missed: one runs, stamped with the latest of them
            await().atMost(PATIENCE).until(() -> {
                poll(second);
                return !of(DAILY).isEmpty() && !of("test-interval-job").isEmpty();
            });
            await().atMost(PATIENCE).until(() -> completed(second, "jobs-schedule-" + DAILY) == 1);
            poll(second);
            assertEquals(1, of(DAILY).size(), received.toString());
            JsonNode event = of(DAILY).get(0);
            assertEquals(expected.toString(), event.get("time").asText());
            assertEquals("Scheduled Event", event.get("detail-type").asText());
            assertEquals("{}", event.get("detail").toString());
            ScheduleLedger ledger2 = JobWiring.ledger(second.context(), "job-schedules");
            assertEquals(Optional.of(expected), ledger2.last(DAILY));

            // rate(7 minutes), 20 minutes down: one run, not two
            assertEquals(1, of("test-interval-job").size(), received.toString());
            // nothing missed, or not scheduled: nothing sent
            assertEquals(List.of(), of("test-yearly-job"));
            assertEquals(List.of(), of("test-paused-job"));

            remember(second, DAILY, latest0200(Instant.now()).minus(Duration.ofDays(3)));
        } finally {
            second.close();
        }

        received.clear();
        Instant skipped = latest0200(Instant.now());
        SignalboxInstance third = SignalboxInstance.restartOf(second).with("signalbox.schedules.misfire", "skip").start();
        try {
            // the missed run is recorded as done, and not run
            ScheduleLedger ledger3 = JobWiring.ledger(third.context(), "job-schedules");
            assertEquals(Optional.of(skipped), ledger3.last(DAILY));
            poll(third);
            poll(third);
            assertEquals(List.of(), of(DAILY));
            assertEquals(0, completed(third, "jobs-schedule-" + DAILY));
        } finally {
            third.close();
        }
    }
}
