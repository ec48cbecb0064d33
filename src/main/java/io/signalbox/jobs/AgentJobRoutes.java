package io.signalbox.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.agents.Anomaly;
import io.signalbox.agents.StockMovement;
import io.signalbox.agents.DemandRate;
import io.signalbox.agents.Forecast;
import io.signalbox.agents.InventoryRecommendation;
import io.signalbox.agents.WeeklyReport;
import io.signalbox.agents.WeeklyReportHtml;
import io.signalbox.agents.WeeklyReportJson;
import io.signalbox.aws.AwsClients;
import io.signalbox.aws.QueuePublisher;
import io.signalbox.config.ResourceDeclarations;
import io.signalbox.deadletter.DeadLetterAttributes;
import io.signalbox.deadletter.DeadLetterRoutes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signalbox.events.Envelope;
import io.signalbox.events.OutgoingEvent;
import io.signalbox.events.InvalidEventException;
import io.signalbox.routing.RouterRoutes;
import io.signalbox.rules.Rule;
import io.signalbox.store.Stores;
import io.signalbox.store.Tables;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.LifecycleStrategySupport;
import org.apache.camel.model.TryDefinition;
import org.apache.camel.model.RouteDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Seed 000's agent jobs as command routes: the router sends a job's command event to
 * {@code direct:command-<job>}, and the route of that id runs it.
 *
 * <ol>
 * <li>take the job's {@link JobLease} (a job never overlaps itself: a run that finds it held is recorded as
 * {@code skipped} and does nothing);</li>
 * <li>load each SKU's demand history and stock ({@code jobInputs}, {@link JobInputs}), all SKUs or the
 * one the command names ({@code {"sku": …}}, or {@code parameters.sku} of an operator's trigger);</li>
 * <li>split per SKU, {@code signalbox.jobs.parallelism} at a time, and run the agent ({@link SkuAgents});
 * results go to their tables in batches ({@link io.signalbox.store.Tables#batch}). A SKU that fails is recorded in the run and
 * dead-lettered — a command for that SKU alone, on the command queue's DLQ with the
 * {@link DeadLetterAttributes} error metadata, so a replay from the DLQ reruns just that SKU — and the rest of
 * the run goes on;</li>
 * <li>record the run in the job-runs table ({@link JobRun#item}) and release the lease.</li>
 * </ol>
 * The weekly report job collects every SKU's report and writes it as JSON and HTML to a directory (route
 * {@code jobs-report-store}, {@code signalbox.jobs.reports.target=file}) or to S3 with camel-aws2-s3
 * ({@code s3}); optimisation publishes {@code Reorder Recommended} for each SKU at or below its reorder point
 * (route {@code jobs-reorder-recommended}).
 */
public class AgentJobRoutes extends RouteBuilder {

    public static final String FORECASTING = "daily-forecasting-job";
    public static final String OPTIMISATION = "daily-optimization-job";
    public static final String ANOMALIES = "hourly-anomaly-detection-job";
    public static final String REPORT = "weekly-report-generation-job";
    /** Exchange property: the {@link JobRun} in progress. */
    public static final String RUN = "SignalboxJobRun";
    /** Exchange property: the lease the run holds. */
    static final String LEASE = "SignalboxJobLease";
    /** Exchange property of a run: the scheduled renewal of its lease. */
    static final String RENEWAL = "SignalboxJobLeaseRenewal";
    /** Exchange property of an anomaly run: the stock movements per SKU of the detector's window. */
    private static final String MOVEMENTS = "SignalboxStockMovements";
    /** Exchange property of a per-SKU exchange: the SKU's recommendation, when it is to be reordered. */
    public static final String RECOMMENDATION = "SignalboxRecommendation";
    /** Exchange property of a per-SKU exchange: its SKU. */
    public static final String SKU = "SignalboxSku";
    /** Exchange property of an optimisation run: the demand rate per SKU from the day's stored forecasts. */
    static final String RATES = "SignalboxDemandRates";
    static final String REPORT_NAME = "SignalboxReportName";

    private static final Logger LOG = LoggerFactory.getLogger(AgentJobRoutes.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AgentSettings settings;
    private SkuAgents agents;

    @Override
    public void configure() throws Exception {
        settings = AgentSettings.from(key -> getContext().getPropertiesComponent().resolveProperty(key)
                .map(v -> v.contains("{{") ? getContext().resolvePropertyPlaceholders(v) : v).orElse(null));
        agents = new SkuAgents(settings);
        getContext().getRegistry().bind("skuAgents", agents);
        getContext().getRegistry().bind("agentSettings", settings);
        Stores stores = JobWiring.stores(getContext());
        Tables tables = stores.tables();
        if (getContext().getRegistry().lookupByNameAndType("jobInputs", JobInputs.class) == null) {
            getContext().getRegistry().bind("jobInputs", stores.choose(
                    sql -> new SqlJobInputs(sql, settings.ordersTable(), settings.inventoryTable(), settings.movementsTable()),
                    ddb -> new DynamoDbJobInputs(ddb.async(), settings.ordersTable(), settings.inventoryTable(),
                            settings.movementsTable())));
        }
        JobLease lease = JobWiring.lease(getContext());
        JobCatalog catalog = JobWiring.catalog(getContext());
        JobEvents events = JobWiring.events(getContext());
        QueuePublisher publisher = lookup("queuePublisher", QueuePublisher.class);
        String deadLetterQueue = lookup("resourceDeclarations", ResourceDeclarations.class).queues().stream()
                .filter(q -> q.name().equals(settings.commandQueue()) && q.deadLetterQueue() != null)
                .map(ResourceDeclarations.Queue::deadLetterQueue).findFirst()
                .orElseThrow(() -> new IllegalStateException("signalbox.jobs.command-queue " + settings.commandQueue()
                        + " is not a queue with a dead-letter queue in resources.yaml: failed SKUs go to that DLQ"));
        // one bounded pool for every job's per-SKU work: jobs of different kinds may run at once, each job once
        ExecutorService pool = getContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "signalbox-agents", settings.parallelism());

        if (Boolean.parseBoolean(getContext().getPropertiesComponent().resolveProperty("signalbox.demo").orElse("false"))) {
            // as the context starts: the tables exist by then (the stand-ins start meanwhile), and the jobs do not run yet
            DemoData demo = new DemoData(tables, settings, getContext().getPropertiesComponent());
            getContext().addLifecycleStrategy(new LifecycleStrategySupport() {
                @Override
                public void onContextStarting(CamelContext context) {
                    demo.loadIfEmpty();
                }
            });
        }

        JobSteps steps = new JobSteps(lease, catalog, events, tables, publisher, deadLetterQueue);

        StoredForecasts stored = StoredForecasts.of(stores, settings.forecastsTable(), settings.policy().leadTimeDays());
        job(FORECASTING, pool, steps, exchange -> {
            JobRun run = run(exchange);
            SkuWork work = exchange.getMessage().getBody(SkuWork.class);
            Forecast f = agents.forecast(work);
            ObjectNode item = ResultItems.forecast(f, work.asOf(), run.job(), run.runId(),
                    run.started().toString());
            run.writer().put(settings.forecastsTable(), item);
            stored.remember(work.sku(), work.asOf(), item);
            run.results(1);
        }, null, null);

        job(OPTIMISATION, pool, steps, exchange -> {
            JobRun run = run(exchange);
            SkuWork work = exchange.getMessage().getBody(SkuWork.class);
            @SuppressWarnings("unchecked")
            Map<String, DemandRate> rates = exchange.getProperty(RATES, Map.class);
            DemandRate rate = rates == null ? null : rates.get(work.sku());
            // the day's forecast when the forecasting job has made it, else a fresh fit
            InventoryRecommendation r = rate != null ? agents.optimise(work, rate) : agents.optimise(work);
            run.writer().put(settings.recommendationsTable(), ResultItems.recommendation(r, work.stockKnown(),
                    work.asOf(), run.job(), run.runId(), run.started().toString()));
            run.results(1);
            if (r.reorder()) {
                run.reorder();
                exchange.setProperty(RECOMMENDATION, r);
            }
        }, sku -> sku.filter(exchangeProperty(RECOMMENDATION).isNotNull())
                .to("direct:jobs-reorder-recommended").end(), exchange -> {
                    @SuppressWarnings("unchecked")
                    List<SkuWork> work = exchange.getMessage().getBody(List.class);
                    exchange.setProperty(RATES, stored.rates(work.stream().map(SkuWork::sku).toList(),
                            exchange.getProperty(JobSteps.AS_OF, LocalDate.class)));
                });

        // the stock movements of the anomaly detector's baseline window, read once for a run (one scan)
        Processor loadMovements = exchange -> {
            LocalDate asOf = exchange.getProperty(JobSteps.AS_OF, LocalDate.class);
            exchange.setProperty(MOVEMENTS, lookup("jobInputs", JobInputs.class).movements(agents.movementsFrom(asOf),
                    asOf, exchange.getProperty(JobSteps.ONLY_SKU, String.class)));
        };
        job(ANOMALIES, pool, steps, exchange -> {
            JobRun run = run(exchange);
            SkuWork work = exchange.getMessage().getBody(SkuWork.class);
            List<Anomaly> found = agents.anomalies(work, movements(exchange, work.sku()), work.asOf());
            for (Anomaly a : found) {
                run.writer().put(settings.anomaliesTable(), ResultItems.anomaly(a, run.job(), run.runId(),
                        run.started().toString()));
            }
            run.results(found.size());
        }, null, loadMovements);

        job(REPORT, pool, steps, exchange -> {
            JobRun run = run(exchange);
            SkuWork work = exchange.getMessage().getBody(SkuWork.class);
            run.report(agents.report(work, movements(exchange, work.sku())));
        }, null, loadMovements);

        reportStore();

        // the real-time inventory workflow's three agents (YAML route handler-inventory-update multicasts to them);
        // each answers with its outcome, an error included, so one failing agent keeps the others' results
        InventoryInsights insights = new InventoryInsights(lookup("jobInputs", JobInputs.class), settings, agents, tables);
        getContext().getRegistry().bind("inventoryInsights", insights);
        getContext().getRegistry().bind("reorderRequests", new ReorderRequests(tables,
                getContext().getPropertiesComponent().resolveProperty("signalbox.jobs.reorder-requests-table")
                        .map(String::trim).filter(v -> !v.isEmpty()).orElseThrow(() -> new IllegalStateException(
                                "Property signalbox.jobs.reorder-requests-table is not set"))));
        insight("forecast", (work, movements) -> agents.forecast(work));
        insight("optimisation", (work, movements) -> agents.optimise(work));
        insight("anomalies", insights::anomalies);

        // seed 000: a SKU at or below its reorder point is announced as a domain event, carrying the quantity
        from("direct:jobs-reorder-recommended").routeId("jobs-reorder-recommended")
                .process(exchange -> {
                    InventoryRecommendation r = exchange.getProperty(RECOMMENDATION, InventoryRecommendation.class);
                    JobRun run = run(exchange);
                    exchange.getMessage().setBody(reorderEvent(settings, r, run == null ? null : run.job(),
                            run == null ? null : run.runId()));
                })
                .to("direct:events-publish");
    }

    /** The {@code Reorder Recommended} event of a recommendation to reorder. */
    static OutgoingEvent reorderEvent(AgentSettings settings, InventoryRecommendation r, String job, String runId) {
        ObjectNode detail = MAPPER.createObjectNode();
        detail.put("sku", r.sku());
        detail.put("quantity", r.orderQuantity());
        detail.put("reorder_point", round(r.reorderPoint()));
        detail.put("inventory_position", round(r.inventoryPosition()));
        detail.put("on_hand", round(r.onHand()));
        detail.put("on_order", round(r.onOrder()));
        detail.put("eoq", round(r.eoq()));
        detail.put("safety_stock", round(r.safetyStock()));
        detail.put("daily_mean", round(r.dailyMean()));
        detail.put("lead_time_days", r.leadTimeDays());
        if (job != null) {
            detail.put("job", job);
            detail.put("run_id", runId);
        }
        return new OutgoingEvent(settings.reorderBus(), settings.reorderSource(), "Reorder Recommended", detail);
    }

    private static double round(double v) {
        return Math.rint(v * 100) / 100;
    }

    /** The command route of one job; {@code perSku} runs the agent, {@code afterSku} may add steps per SKU. */
    private void job(String job, ExecutorService pool, JobSteps steps, Processor perSku,
            java.util.function.Consumer<TryDefinition> afterSku, Processor afterLoad) {
        TryDefinition sku = from("direct:command-" + job).routeId("command-" + job)
                .routeConfigurationId(DeadLetterRoutes.ID)
                .process(steps.begin(job))
                .filter(exchangeProperty(RUN).isNotNull())
                .doTry()
                    .process(steps.load())
                    .process(afterLoad != null ? afterLoad : exchange -> { })
                    .split(body()).parallelProcessing().executorService(pool)
                        // a SKU's failure is caught here, not by the error handler: recorded, dead-lettered, and
                        // the other SKUs go on
                        .doTry()
                            .process(exchange -> exchange.setProperty(SKU,
                                    exchange.getMessage().getBody(SkuWork.class).sku()))
                            .process(perSku);
        if (afterSku != null) {
            afterSku.accept(sku);
        }
        TryDefinition run = sku
                            .process(exchange -> run(exchange).done())
                        .doCatch(Exception.class)
                            .process(steps.skuFailed(job))
                        .end()
                    .end()
                .endDoTry();
        run.process(steps.finish());
        if (job.equals(REPORT)) {
            run.process(this::renderReport).to("direct:jobs-report-store");
        }
        run.process(steps.record())
                .log(LoggingLevel.INFO, LOG, "Job " + job + " run ${exchangeProperty." + RUN + ".runId()}: "
                        + "${exchangeProperty." + RUN + ".skusDone()} SKU(s) done, ${exchangeProperty." + RUN
                        + ".skusFailed()} failed");
        run.doCatch(Exception.class)
                .process(steps.runFailed())
            .doFinally()
                .process(steps.release())
            .end();
    }

    /** The SKU's stock movements that {@code loadMovements} read for the run. */
    private static List<StockMovement> movements(Exchange exchange, String sku) {
        @SuppressWarnings("unchecked")
        Map<String, List<StockMovement>> movements = exchange.getProperty(MOVEMENTS, Map.class);
        return movements == null ? List.of() : movements.getOrDefault(sku, List.of());
    }

    private void insight(String agent, java.util.function.BiFunction<SkuWork, List<StockMovement>, Object> run) {
        from("direct:insights-" + agent).routeId("insights-" + agent)
                .process(exchange -> {
                    SkuWork work = exchange.getProperty(InventoryInsights.WORK, SkuWork.class);
                    @SuppressWarnings("unchecked")
                    List<StockMovement> movements = exchange.getProperty(InventoryInsights.MOVEMENTS, List.class);
                    InventoryInsights.Outcome outcome;
                    try {
                        outcome = new InventoryInsights.Outcome(agent, run.apply(work, movements == null ? List.of() : movements), null);
                    } catch (RuntimeException e) {
                        LOG.warn("Inventory insight for {}: {} failed: {}", work.sku(), agent, e.getMessage());
                        outcome = new InventoryInsights.Outcome(agent, null, e.getClass().getSimpleName() + ": "
                                + e.getMessage());
                    }
                    exchange.getMessage().setBody(outcome);
                });
    }

    private void renderReport(Exchange exchange) {
        JobRun run = run(exchange);
        LocalDate weekEnd = exchange.getProperty(JobSteps.AS_OF, LocalDate.class);
        WeeklyReport report = WeeklyReport.of(weekEnd, Instant.now(), run.reports());
        String name = "weekly-report-" + weekEnd;
        exchange.setProperty(REPORT_NAME, name);
        exchange.getMessage().setHeader("SignalboxReportJson", WeeklyReportJson.write(report));
        exchange.getMessage().setBody(new WeeklyReportHtml(settings.reportMaxCharts(), WeeklyReportHtml.DEFAULT_HISTORY_DAYS)
                .render(report));
    }

    /**
     * The weekly report's two files: to a directory with camel-file, or to S3 with camel-aws2-s3. The target is
     * chosen here, by property, so a local Signalbox never creates an S3 client.
     */
    private void reportStore() {
        RouteDefinition store = from("direct:jobs-report-store").routeId("jobs-report-store");
        if (settings.reportsTarget().equals("s3") && settings.reportsBucket() == null) {
            LOG.warn("signalbox.jobs.reports.target is s3 but signalbox.jobs.reports.s3-bucket is empty: the weekly "
                    + "report job will fail until a bucket is set");
            store.process(exchange -> {
                throw new IllegalStateException("signalbox.jobs.reports.target is s3 but signalbox.jobs.reports.s3-bucket "
                        + "is empty: name the bucket the weekly reports go to");
            });
        } else if (settings.reportsTarget().equals("s3")) {
            // one client, built here and only here, with the region and credentials of every aws client
            getContext().getRegistry().bind("reportsS3Client", lookup("awsClients", AwsClients.class)
                    .s3(getContext().getPropertiesComponent().resolveProperty("signalbox.aws.s3-endpoint").orElse(null)));
            String uri = "aws2-s3:" + settings.reportsBucket() + "?amazonS3Client=#reportsS3Client&autoCreateBucket=false"
                    + getContext().getPropertiesComponent().resolveProperty("signalbox.jobs.reports.s3-options")
                            .map(String::trim).orElse("");
            store.setProperty("SignalboxReportHtml", body())
                    .setHeader("CamelAwsS3Key", simple(settings.reportsPrefix() + "${exchangeProperty." + REPORT_NAME + "}.json"))
                    .setHeader("CamelAwsS3ContentType", constant("application/json"))
                    .setBody(header("SignalboxReportJson"))
                    .removeHeader("SignalboxReportJson")
                    .to(uri)
                    .setHeader("CamelAwsS3Key", simple(settings.reportsPrefix() + "${exchangeProperty." + REPORT_NAME + "}.html"))
                    .setHeader("CamelAwsS3ContentType", constant("text/html; charset=utf-8"))
                    .setBody(exchangeProperty("SignalboxReportHtml"))
                    .to(uri)
                    .process(exchange -> run(exchange).output("s3://" + settings.reportsBucket() + "/"
                            + settings.reportsPrefix() + exchange.getProperty(REPORT_NAME) + ".{json,html}"));
        } else {
            String uri = "file:" + settings.reportsDir() + "?charset=utf-8";
            store.setProperty("SignalboxReportHtml", body())
                    .setHeader(Exchange.FILE_NAME, simple("${exchangeProperty." + REPORT_NAME + "}.json"))
                    .setBody(header("SignalboxReportJson"))
                    .removeHeader("SignalboxReportJson")
                    .to(uri)
                    .setHeader(Exchange.FILE_NAME, simple("${exchangeProperty." + REPORT_NAME + "}.html"))
                    .setBody(exchangeProperty("SignalboxReportHtml"))
                    .to(uri)
                    .process(exchange -> run(exchange).output(java.nio.file.Path.of(settings.reportsDir())
                            .resolve(exchange.getProperty(REPORT_NAME) + ".html").toAbsolutePath().toString()));
        }
        store.log(LoggingLevel.INFO, LOG, "Weekly report ${exchangeProperty." + REPORT_NAME + "} written to "
                + (settings.reportsTarget().equals("s3") ? "s3://" + settings.reportsBucket() + "/" + settings.reportsPrefix()
                        : settings.reportsDir()));
    }

    static JobRun run(Exchange exchange) {
        return exchange.getProperty(RUN, JobRun.class);
    }

    private <T> T lookup(String name, Class<T> type) {
        T bean = getContext().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("No " + name + " in the registry");
        }
        return bean;
    }

    /** The steps every job shares, as processors. */
    final class JobSteps {

        static final String AS_OF = "SignalboxJobAsOf";
        static final String ONLY_SKU = "SignalboxJobSku";

        private final JobLease lease;
        private final JobCatalog catalog;
        private final JobEvents events;
        private final Tables tables;
        private final QueuePublisher publisher;
        private final String deadLetterQueue;

        /** Renews the leases of running jobs (a third of the lease apart), so a run longer than it keeps it. */
        private final ScheduledExecutorService renewals;

        JobSteps(JobLease lease, JobCatalog catalog, JobEvents events, Tables tables, QueuePublisher publisher,
                String deadLetterQueue) {
            this.renewals = getContext().getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(AgentJobRoutes.this, "signalbox-job-leases");
            this.lease = lease;
            this.catalog = catalog;
            this.events = events;
            this.tables = tables;
            this.publisher = publisher;
            this.deadLetterQueue = deadLetterQueue;
        }

        /** Reads the command, takes the lease; a run that cannot take it is recorded as skipped. */
        Processor begin(String job) {
            return exchange -> {
                JsonNode payload = exchange.getMessage().getHeader(RouterRoutes.COMMAND_PAYLOAD, JsonNode.class);
                Object body = exchange.getMessage().getBody();
                String eventId = body instanceof Envelope e ? e.id() : exchange.getExchangeId();
                String sku = narrowedSku(job, payload);
                String trigger = payload != null && payload.hasNonNull("trigger") ? payload.get("trigger").asText()
                        : "scheduled";
                Instant now = Instant.now();
                String runId = now + "#" + UUID.randomUUID().toString().substring(0, 8);
                JobRun run = new JobRun(job, runId, eventId, trigger, sku == null ? "all" : sku, now,
                        tables.batch(settings.writeConcurrency()));
                Optional<JobLease.Lease> held = lease.acquire(job, settings.lease());
                if (held.isEmpty()) {
                    record(run.item(Instant.now(), JobRun.Status.SKIPPED, "another run of " + job + " holds its lease "
                            + "(table signalbox.jobs.lease-table): a job never overlaps itself"));
                    LOG.warn("Job {} (event {}) skipped: another run holds its lease", job, eventId);
                    return;
                }
                exchange.setProperty(LEASE, held.get());
                exchange.setProperty(RENEWAL, renewEvery(held.get(), run));
                exchange.setProperty(RUN, run);
                exchange.setProperty(ONLY_SKU, sku);
                // the history ends yesterday (UTC): today's demand is still coming in
                exchange.setProperty(AS_OF, LocalDate.now(ZoneOffset.UTC).minusDays(1));
            };
        }

        Processor load() {
            return exchange -> {
                JobInputs inputs = lookup("jobInputs", JobInputs.class);
                List<SkuWork> work = inputs.load(exchange.getProperty(AS_OF, LocalDate.class), settings.historyDays(),
                        exchange.getProperty(ONLY_SKU, String.class));
                run(exchange).total(work.size());
                exchange.getMessage().setBody(work);
            };
        }

        /** Records the SKU's failure and dead-letters it as a command for that SKU alone. */
        Processor skuFailed(String job) {
            return exchange -> {
                JobRun run = run(exchange);
                Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                String sku = exchange.getProperty(SKU, "unknown", String.class);
                String reason = e == null ? "unknown error" : String.valueOf(e.getMessage());
                String errorClass = e == null ? "unknown" : e.getClass().getName();
                run.failed(new JobRun.Failure(sku, errorClass, reason));
                Rule rule = catalog.job(job).orElse(null);
                String body;
                if (rule != null) {
                    ObjectMapper m = MAPPER;
                    body = events.manual(UUID.randomUUID().toString(), rule, Instant.now(),
                            m.createObjectNode().put("sku", sku).put("failed_run_id", run.runId()));
                } else {
                    body = MAPPER.createObjectNode().put("command", job).put("sku", sku).toString();
                }
                String now = Instant.now().toString();
                Map<String, MessageAttributeValue> attributes = new java.util.HashMap<>();
                attribute(attributes, DeadLetterAttributes.SOURCE_QUEUE, settings.commandQueue());
                attribute(attributes, DeadLetterAttributes.ERROR_CLASS, errorClass);
                attribute(attributes, DeadLetterAttributes.ERROR_MESSAGE, "SKU " + sku + ": " + reason);
                attribute(attributes, DeadLetterAttributes.ERROR_ROUTE, "command-" + job);
                attribute(attributes, DeadLetterAttributes.ATTEMPTS, "1");
                attribute(attributes, DeadLetterAttributes.FIRST_FAILURE, now);
                attribute(attributes, DeadLetterAttributes.LAST_FAILURE, now);
                attribute(attributes, DeadLetterAttributes.CORRELATION_ID,
                        exchange.getProperty(RouterRoutes.CORRELATION_ID, String.class));
                publisher.publish(deadLetterQueue, body, attributes);
                LOG.warn("Job {} run {}: SKU {} failed and was dead-lettered to {}: {}", job, run.runId(), sku,
                        deadLetterQueue, reason);
            };
        }

        /** After the split: every result written. */
        Processor finish() {
            return exchange -> run(exchange).writer().flush();
        }

        Processor record() {
            return exchange -> {
                JobRun run = run(exchange);
                record(run.item(Instant.now(), run.status(), null));
            };
        }

        /** The run itself failed (inputs unreadable, results unwritable): recorded, then up to the dead-letter channel. */
        Processor runFailed() {
            return exchange -> {
                JobRun run = run(exchange);
                Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                try {
                    record(run.item(Instant.now(), JobRun.Status.FAILED, e == null ? "unknown error" : e.getMessage()));
                } catch (RuntimeException recordFailed) {
                    LOG.error("Job {} run {} could not be recorded: {}", run.job(), run.runId(), recordFailed.getMessage());
                }
                if (e != null) {
                    throw e;
                }
            };
        }

        /** Puts a run's row in the job-runs table and waits until it is stored. */
        private void record(ObjectNode item) {
            Writes.await(tables.put(settings.runsTable(), item));
        }

        /** Extends the run's lease a third of the lease apart until {@link #release}; stops once it was lost. */
        private ScheduledFuture<?> renewEvery(JobLease.Lease held, JobRun run) {
            long every = Math.max(1, settings.lease().toMillis() / 3);
            AtomicReference<JobLease.Lease> current = new AtomicReference<>(held);
            return renewals.scheduleWithFixedDelay(() -> {
                JobLease.Lease now = current.get();
                if (now == null) {
                    return;
                }
                try {
                    Optional<JobLease.Lease> renewed = lease.renew(now, settings.lease());
                    current.set(renewed.orElse(null));
                    if (renewed.isEmpty()) {
                        LOG.warn("Job {} run {} lost its lease (it expired and another run took it): the runs may "
                                + "overlap; signalbox.jobs.lease-seconds is shorter than a renewal takes", run.job(),
                                run.runId());
                    }
                } catch (RuntimeException e) {
                    // the next renewal tries again while the lease lasts
                    LOG.warn("Job {} run {}: renewing its lease failed: {}", run.job(), run.runId(), e.getMessage());
                }
            }, every, every, TimeUnit.MILLISECONDS);
        }

        Processor release() {
            return exchange -> {
                ScheduledFuture<?> renewal = exchange.getProperty(RENEWAL, ScheduledFuture.class);
                if (renewal != null) {
                    renewal.cancel(false);
                }
                JobLease.Lease held = exchange.getProperty(LEASE, JobLease.Lease.class);
                if (held != null) {
                    lease.release(held);
                }
            };
        }
    }

    /** The SKU a command narrows its run to: {@code sku} in the payload or in its {@code parameters}, else null. */
    static String narrowedSku(String job, JsonNode payload) {
        if (payload == null) {
            return null;
        }
        JsonNode sku = payload.get("sku");
        if (sku == null && payload.get("parameters") != null) {
            sku = payload.get("parameters").get("sku");
        }
        if (sku == null || sku.isNull()) {
            return null;
        }
        if (!sku.isTextual() || sku.asText().isBlank()) {
            throw new InvalidEventException("Command " + job + " names its SKU as " + sku
                    + ": \"sku\" must be a SKU id (a non-empty string), or absent for every SKU");
        }
        return sku.asText().trim();
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        if (value != null && !value.isEmpty()) {
            String v = value.length() > 4096 ? value.substring(0, 4096) + "..." : value;
            attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(v).build());
        }
    }
}
