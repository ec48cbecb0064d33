package io.signalbox.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rules with a schedule-expression: EventBridge's constraints on them, seed 000's jobs, and the matcher ignoring them. */
class ScheduledRuleTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<Rule.Target> Q = List.of(new Rule.Target(null, null, "command-queue"));

    private static RuleSet defaults() {
        return ConfigFiles.read("config", "rules.yaml", RuleSet.class);
    }

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void theBuiltInRulesHoldSeed000sFourJobsTargetingTheCommandQueue() {
        List<Rule> jobs = defaults().scheduledRules();
        assertEquals(List.of("daily-forecasting-job", "daily-optimization-job", "hourly-anomaly-detection-job",
                "weekly-report-generation-job"), jobs.stream().map(Rule::name).toList());
        assertEquals(List.of("cron(0 2 * * ? *)", "cron(0 3 * * ? *)", "cron(0 * * * ? *)", "cron(0 4 ? * MON *)"),
                jobs.stream().map(Rule::scheduleExpression).toList());
        for (Rule job : jobs) {
            assertTrue(job.enabled(), job.name());
            assertEquals("default", job.eventBusName());
            assertEquals(List.of("command-queue"), job.targets().stream().map(Rule.Target::queueName).toList());
            assertEquals(null, job.eventPattern());
        }
        assertTrue(defaults().targetQueues().contains("command-queue"));
    }

    @Test
    void aScheduledRuleReadsFromYamlWithItsStateAndTargets(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("rules.yaml"), """
                rules:
                  - name: every-five
                    description: test
                    state: DISABLED
                    schedule-expression: rate(5 minutes)
                    targets:
                      - arn: arn:aws:sqs:us-east-1:000000000000:command-queue
                """);
        Rule rule = ConfigFiles.read(config.toString(), "rules.yaml", RuleSet.class).rules().get(0);
        assertTrue(rule.scheduled());
        assertFalse(rule.enabled());
        assertEquals("rate(5 minutes)", rule.schedule().text());
        assertEquals("command-queue", rule.targets().get(0).queueName());
    }

    @Test
    void anInvalidScheduleExpressionInYamlFailsWithTheRuleAndTheReason(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("rules.yaml"), """
                rules:
                  - name: broken-job
                    schedule-expression: cron(0 2 * * * *)
                    targets:
                      - queue: command-queue
                """);
        String message = assertThrows(RuntimeException.class,
                () -> ConfigFiles.read(config.toString(), "rules.yaml", RuleSet.class)).getMessage();
        assertTrue(message.contains("Rule broken-job: Invalid schedule expression \"cron(0 2 * * * *)\": day-of-month (*) "
                + "and day-of-week (*) cannot both be given"), message);
    }

    @Test
    void aRuleHasExactlyOneOfPatternAndSchedule() throws Exception {
        JsonNode pattern = MAPPER.readTree("{\"source\":[\"a\"]}");
        assertEquals("Rule both: give event-pattern or schedule-expression, not both",
                refused(() -> new Rule("both", null, null, null, pattern, Q, "rate(1 hour)")));
        assertEquals("Rule neither: give an event-pattern or a schedule-expression",
                refused(() -> new Rule("neither", null, null, null, null, Q, null)));
    }

    @Test
    void scheduledRulesLiveOnTheDefaultBusOnly() {
        assertEquals("Rule elsewhere: ScheduleExpression is supported only on the default event bus.",
                refused(() -> new Rule("elsewhere", "custom-event-bus", null, null, null, Q, "rate(1 hour)")));
        assertEquals("default", new Rule("here", "default", null, null, null, Q, "rate(1 hour)").eventBusName());
    }

    @Test
    void anEventPatternRuleHasNoSchedule() throws Exception {
        Rule rule = new Rule("r", null, null, null, MAPPER.readTree("{\"source\":[\"a\"]}"), Q);
        assertFalse(rule.scheduled());
        assertEquals("Rule r has no schedule-expression", assertThrows(IllegalStateException.class, rule::schedule)
                .getMessage());
    }

    @Test
    void ruleArnsNameTheBusUnlessItIsTheDefaultOne() throws Exception {
        assertEquals("arn:aws:events:us-east-1:000000000000:rule/daily-forecasting-job",
                new Rule("daily-forecasting-job", null, null, null, null, Q, "cron(0 2 * * ? *)")
                        .arn("us-east-1", "000000000000"));
        assertEquals("arn:aws:events:eu-west-1:123456789012:rule/custom-event-bus/order-events-rule",
                new Rule("order-events-rule", "custom-event-bus", null, null, MAPPER.readTree("{\"source\":[\"o\"]}"), Q)
                        .arn("eu-west-1", "123456789012"));
    }

    @Test
    void theMatcherIgnoresScheduledRules() throws Exception {
        // an event that looks like a scheduled rule's own event matches nothing, whatever the rule's state
        RuleSet rules = new RuleSet(null, List.of(
                new Rule("job", null, null, "ENABLED", null, Q, "cron(0 2 * * ? *)"),
                new Rule("off-job", null, null, "DISABLED", null, Q, "rate(1 minute)"),
                new Rule("events", null, null, null, MAPPER.readTree("{\"source\":[\"aws.events\"]}"),
                        List.of(new Rule.Target(null, null, "q")))));
        RuleMatcher matcher = new RuleMatcher(rules);
        JsonNode scheduled = MAPPER.readTree("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"0\",\"time\":\"t\",\"region\":\"r\",\"resources\":"
                + "[\"arn:aws:events:r:0:rule/job\"],\"detail\":{}}");
        assertEquals(List.of("events"), matcher.match("default", scheduled).stream().map(Rule::name).toList());
        JsonNode other = MAPPER.readTree("{\"source\":\"x\",\"detail-type\":\"y\",\"detail\":{}}");
        assertTrue(new RuleMatcher(defaults()).match("default", other).isEmpty());
        assertTrue(new RuleMatcher(defaults()).match("default", scheduled).isEmpty());
    }
}
