package io.signalbox.jobs;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.signalbox.rules.Rule;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.LifecycleStrategySupport;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the scheduled rules of {@code rules.yaml} where Signalbox, not EventBridge, owns the clock
 * ({@code signalbox.schedules.enabled}: profiles local and azure). One camel-quartz route per ENABLED scheduled
 * rule, {@code jobs-schedule-<rule>}, on the Quartz translation of its expression in UTC; each fire sends the
 * {@code Scheduled Event} EventBridge would send ({@link JobEvents}) to the rule's target queues with
 * camel-aws2-sqs, and the router's command path takes it from there as it does in {@code aws}.
 *
 * <p>Each trigger is stateful (Quartz's DisallowConcurrentExecution), so a fire never overlaps the previous
 * one of the same rule. Each fire first claims its scheduled time in the {@link ScheduleLedger}: a time runs
 * once, even with several instances on one table, and the ledger tells the next start what was missed
 * while Signalbox was down. At start, {@link CatchUp} decides per rule; a missed run ({@link
 * MisfirePolicy#RUN_ONCE}) is fired once through the rule's own Quartz job as soon as the scheduler runs, with
 * the latest missed time as the event's time.
 */
public class ScheduleRoutes extends RouteBuilder {

    /** The Quartz group of the schedule triggers and jobs; each is named after its rule. */
    public static final String QUARTZ_GROUP = "signalbox-jobs";
    /** Job data of a catch-up fire: the missed scheduled time, epoch milliseconds. */
    static final String MISSED_TIME = "signalboxMissedScheduledTime";

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRoutes.class);
    private static final String CLAIM = "SignalboxScheduleClaim";
    private static final String EVENT_ID = "SignalboxEventId";
    private static final String SCHEDULED_TIME = "SignalboxScheduledTime";
    private static final String RULE = "SignalboxRule";

    @PropertyInject("signalbox.schedules.enabled")
    private boolean enabled;

    @PropertyInject("signalbox.schedules.misfire")
    private String misfire;

    @PropertyInject("signalbox.schedules.table")
    private String table;

    @Override
    public void configure() throws Exception {
        if (!enabled) {
            return;
        }
        JobCatalog catalog = JobWiring.catalog(getContext());
        if (catalog.enabledJobs().isEmpty()) {
            return;
        }
        MisfirePolicy policy = MisfirePolicy.of(misfire);
        ScheduleLedger ledger = JobWiring.ledger(getContext(), table);
        JobEvents events = JobWiring.events(getContext());

        onException(Exception.class).handled(true)
                .process(exchange -> {
                    ScheduleLedger.Claim claim = exchange.getProperty(CLAIM, ScheduleLedger.Claim.class);
                    if (claim != null) {
                        // not published: the time is free again for the next start's catch-up
                        ledger.release(claim);
                    }
                })
                .log(LoggingLevel.ERROR, LOG, "Scheduled rule ${exchangeProperty." + RULE + "} could not send its run "
                        + "for ${exchangeProperty." + SCHEDULED_TIME + "}: ${exception.message}");

        List<Rule> scheduled = new ArrayList<>();
        Instant now = Instant.now();
        for (Rule rule : catalog.enabledJobs()) {
            ScheduleExpression schedule = rule.schedule();
            if (schedule.nextFireAfter(now).isEmpty()) {
                LOG.warn("Scheduled rule {} ({}) never fires again: not scheduled", rule.name(), schedule);
                continue;
            }
            scheduled.add(rule);
            RouteDefinition route = from(quartzUri(rule, schedule, policy))
                    .routeId("jobs-schedule-" + rule.name())
                    .process(new Fire(rule, CatchUp.minimumGap(schedule), ledger, events));
            for (Rule.Target target : rule.targets()) {
                route.to("aws2-sqs:" + target.queueName());
            }
            route.log(LoggingLevel.INFO, LOG, "Scheduled rule " + rule.name() + " fired for ${exchangeProperty."
                    + SCHEDULED_TIME + "}: event ${exchangeProperty." + EVENT_ID + "} sent to "
                    + String.join(", ", rule.targets().stream().map(Rule.Target::queueName).toList()));
        }
        if (!scheduled.isEmpty()) {
            // the ledger is read when the context starts (the tables exist by then), before Quartz fires anything
            CatchUpAtStart catchUp = new CatchUpAtStart(scheduled, ledger, policy);
            getContext().addLifecycleStrategy(catchUp);
            getContext().addStartupListener(catchUp);
        }
    }

    private static String quartzUri(Rule rule, ScheduleExpression schedule, MisfirePolicy policy) {
        StringBuilder uri = new StringBuilder("quartz:" + QUARTZ_GROUP + "/" + rule.name() + "?stateful=true");
        schedule.quartzCron().ifPresentOrElse(cron -> uri
                .append("&cron=").append(URLEncoder.encode(cron, StandardCharsets.UTF_8))
                .append("&trigger.timeZone=UTC")
                .append("&trigger.misfireInstruction=").append(policy == MisfirePolicy.RUN_ONCE
                        ? CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW : CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING),
                () -> uri
                .append("&trigger.repeatInterval=").append(schedule.repeatInterval().orElseThrow().toMillis())
                .append("&trigger.repeatCount=").append(SimpleTrigger.REPEAT_INDEFINITELY)
                .append("&trigger.misfireInstruction=").append(policy == MisfirePolicy.RUN_ONCE
                        ? SimpleTrigger.MISFIRE_INSTRUCTION_FIRE_NOW
                        : SimpleTrigger.MISFIRE_INSTRUCTION_RESCHEDULE_NEXT_WITH_REMAINING_COUNT));
        return uri.toString();
    }

    /** One fire: claim the scheduled time, then turn the exchange into the rule's Scheduled Event. */
    private static final class Fire implements Processor {

        private final Rule rule;
        private final Duration gap;
        private final ScheduleLedger ledger;
        private final JobEvents events;

        Fire(Rule rule, Duration gap, ScheduleLedger ledger, JobEvents events) {
            this.rule = rule;
            this.gap = gap;
            this.ledger = ledger;
            this.events = events;
        }

        @Override
        public void process(Exchange exchange) {
            Message message = exchange.getMessage();
            Instant scheduled = scheduledTime(message);
            exchange.setProperty(RULE, rule.name());
            exchange.setProperty(SCHEDULED_TIME, scheduled);
            var claim = ledger.claim(rule.name(), scheduled, gap);
            if (claim.isEmpty()) {
                // sent already (by another fire or instance), or too soon after the last run of a repeat interval
                LOG.debug("Scheduled rule {}: no run due at {}, nothing sent", rule.name(), scheduled);
                exchange.setRouteStop(true);
                return;
            }
            exchange.setProperty(CLAIM, claim.get());
            String id = UUID.randomUUID().toString();
            exchange.setProperty(EVENT_ID, id);
            // Quartz's headers must not become SQS message attributes
            message.removeHeaders("*");
            message.setBody(events.scheduled(id, rule, scheduled));
        }

        private static Instant scheduledTime(Message message) {
            JobDataMap data = message.getHeader("mergedJobDataMap", JobDataMap.class);
            if (data != null && data.containsKey(MISSED_TIME)) {
                return Instant.ofEpochMilli(data.getLong(MISSED_TIME));
            }
            Date scheduled = message.getHeader("scheduledFireTime", Date.class);
            return scheduled != null ? scheduled.toInstant() : Instant.now();
        }
    }

    /**
     * The catch-up of {@link CatchUp}: as the context starts (before the routes and Quartz), decides per rule from
     * the ledger what was missed; once the context (and with it the Quartz scheduler) has started, fires each
     * missed run once through its rule's Quartz job, and starts each repeat-interval trigger one interval after
     * the rule's last run (Quartz would start it now).
     */
    private static final class CatchUpAtStart extends LifecycleStrategySupport implements ExtendedStartupListener {

        private final List<Rule> rules;
        private final ScheduleLedger ledger;
        private final MisfirePolicy policy;
        private final Map<String, Instant> missed = new LinkedHashMap<>();
        private final Map<String, Instant> intervalStarts = new LinkedHashMap<>();

        CatchUpAtStart(List<Rule> rules, ScheduleLedger ledger, MisfirePolicy policy) {
            this.rules = rules;
            this.ledger = ledger;
            this.policy = policy;
        }

        @Override
        public void onContextStarting(CamelContext context) {
            Instant now = Instant.now();
            for (Rule rule : rules) {
                ScheduleExpression schedule = rule.schedule();
                CatchUp.Decision decision = CatchUp.atStart(schedule, ledger.last(rule.name()), now, policy);
                switch (decision.action()) {
                    case FIRST_SEEN -> ledger.claim(rule.name(), decision.time(), Duration.ZERO);
                    case SKIP_MISSED -> {
                        LOG.info("Scheduled rule {} missed its run of {} while Signalbox was down: skipped (misfire "
                                + "policy skip)", rule.name(), decision.time());
                        ledger.claim(rule.name(), decision.time(), Duration.ZERO);
                    }
                    case RUN_MISSED -> {
                        LOG.info("Scheduled rule {} missed its run of {} while Signalbox was down: running it once "
                                + "now", rule.name(), decision.time());
                        missed.put(rule.name(), decision.time());
                    }
                    case UP_TO_DATE -> {
                        // the next regular fire
                    }
                }
                // a repeat interval counts from the last run, not from this start
                schedule.repeatInterval().ifPresent(interval -> {
                    Instant next = decision.time().plus(interval);
                    intervalStarts.put(rule.name(), next.isAfter(now) ? next : now.plusSeconds(1));
                });
            }
        }

        @Override
        public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
            // wait until fully started: the routes are running
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
            Scheduler scheduler = context.getComponent("quartz", QuartzComponent.class).getScheduler();
            for (Map.Entry<String, Instant> e : intervalStarts.entrySet()) {
                TriggerKey key = TriggerKey.triggerKey(e.getKey(), QUARTZ_GROUP);
                Trigger trigger = scheduler.getTrigger(key);
                if (trigger != null) {
                    scheduler.rescheduleJob(key, trigger.getTriggerBuilder().startAt(Date.from(e.getValue())).build());
                }
            }
            for (Map.Entry<String, Instant> e : missed.entrySet()) {
                JobDataMap data = new JobDataMap();
                data.put(MISSED_TIME, e.getValue().toEpochMilli());
                scheduler.triggerJob(JobKey.jobKey(e.getKey(), QUARTZ_GROUP), data);
            }
        }
    }
}
