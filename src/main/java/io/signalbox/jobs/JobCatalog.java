package io.signalbox.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.signalbox.rules.Rule;
import io.signalbox.rules.RuleSet;

/**
 * The jobs: the scheduled rules of {@code rules.yaml}, by name. A job's name is its rule's name (the router
 * finds the job of a {@code Scheduled Event} from the rule ARN in its {@code resources}); a job is triggered
 * by its schedule when its rule is ENABLED, and by an operator whatever its state.
 */
public final class JobCatalog {

    private final Map<String, Rule> jobs = new LinkedHashMap<>();
    private final String region;
    private final String account;

    public JobCatalog(RuleSet rules, String region, String account) {
        this.region = region;
        this.account = account;
        rules.scheduledRules().forEach(r -> jobs.put(r.name(), r));
    }

    public Optional<Rule> job(String name) {
        return Optional.ofNullable(name == null ? null : jobs.get(name));
    }

    /** Every job, enabled or not, in the order of {@code rules.yaml}. */
    public List<Rule> jobs() {
        return List.copyOf(jobs.values());
    }

    /** The jobs whose schedule fires. */
    public List<Rule> enabledJobs() {
        return jobs.values().stream().filter(Rule::enabled).toList();
    }

    public List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    /** The rule's ARN in this account and region, as the {@code resources} of its events carry it. */
    public String arn(Rule rule) {
        return rule.arn(region, account);
    }
}
