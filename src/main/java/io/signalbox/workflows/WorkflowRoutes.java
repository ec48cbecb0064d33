package io.signalbox.workflows;

import java.util.ArrayList;
import java.util.List;

import io.signalbox.deadletter.DeadLetterRoutes;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Seed 001's workflow as routes: {@code handler-workflow-triggered} starts the run, runs order processing and
 * inventory processing in parallel (multicast with parallel processing, {@code signalbox.workflows.timeout-ms},
 * 5 minutes as the seed's state machine) and records their outcomes; routes {@code workflow-order-branch} and
 * {@code workflow-inventory-branch} are the branches. Logic in {@link WorkflowProcessor} and {@link WorkflowStore}.
 */
public class WorkflowRoutes extends RouteBuilder {

    /** Exchange property: the run, kept across the multicast. */
    public static final String RUN = "SignalboxWorkflowRun";

    @Override
    public void configure() {
        from("direct:handler-workflow-triggered").routeId("handler-workflow-triggered")
                .routeConfigurationId(DeadLetterRoutes.ID)
                .bean("workflowProcessor", "start")
                .choice()
                    // no WorkflowRun (null): another event started this workflow
                    .when(body().isInstanceOf(WorkflowRun.class))
                        .setProperty(RUN, body())
                        .multicast(new BranchOutcomes()).parallelProcessing()
                                .timeout("{{signalbox.workflows.timeout-ms}}")
                            .to("direct:workflow-order-branch", "direct:workflow-inventory-branch")
                        .end()
                        .bean("workflowProcessor", "finish(${exchangeProperty." + RUN + "}, ${body})")
                        .log("Workflow ${exchangeProperty." + RUN + ".workflowId()} for order "
                                + "${exchangeProperty." + RUN + ".orderId()}: ${body}")
                    .endChoice()
                    .otherwise()
                        .log("Workflow Triggered ${exchangeProperty.SignalboxCausationId}: its workflow was started"
                                + " by another event, no effect")
                .end()
                .to("micrometer:counter:signalbox.domain.handled?tags.detail_type=RAW(Workflow Triggered)");

        // a branch answers its outcome and never fails: a failure is an outcome the run records
        from("direct:workflow-order-branch").routeId("workflow-order-branch")
                .bean("workflowProcessor", "order");
        from("direct:workflow-inventory-branch").routeId("workflow-inventory-branch")
                .bean("workflowProcessor", "inventory");
    }

    /** Collects the branches' outcomes into a list (the body after the multicast); missing ones timed out. */
    static final class BranchOutcomes implements AggregationStrategy {

        @Override
        public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
            BranchOutcome outcome = newExchange.getMessage().getBody(BranchOutcome.class);
            Exchange result = oldExchange == null ? newExchange : oldExchange;
            @SuppressWarnings("unchecked")
            List<BranchOutcome> outcomes = oldExchange == null ? new ArrayList<>()
                    : (List<BranchOutcome>) oldExchange.getMessage().getBody(List.class);
            if (outcome != null) {
                outcomes.add(outcome);
            }
            result.getMessage().setBody(outcomes);
            return result;
        }
    }
}
