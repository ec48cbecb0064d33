package io.signalbox.jobs;

import java.lang.management.ManagementFactory;
import java.time.Clock;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.config.ConfigFiles;
import io.signalbox.config.Settings;
import io.signalbox.rules.RuleSet;
import io.signalbox.store.Stores;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The jobs' shared objects, made once per context for {@link ScheduleRoutes} and {@link JobAdminRoutes} and bound
 * for the routes that run the jobs: {@code jobCatalog}, {@code jobEvents} and {@code jobLease}.
 */
final class JobWiring {

    static final String CATALOG = "jobCatalog";
    static final String EVENTS = "jobEvents";
    static final String LEASE = "jobLease";

    private JobWiring() {
    }

    static synchronized JobCatalog catalog(CamelContext context) {
        Registry registry = context.getRegistry();
        JobCatalog catalog = registry.lookupByNameAndType(CATALOG, JobCatalog.class);
        if (catalog == null) {
            Settings settings = settings(context);
            RuleSet rules = registry.lookupByNameAndType("ruleSet", RuleSet.class);
            if (rules == null) {
                // the bus is off (aws: EventBridge holds the rules), but the jobs are still those of rules.yaml
                rules = ConfigFiles.read(settings.configDir(), "rules.yaml", RuleSet.class);
            }
            catalog = new JobCatalog(rules, settings.aws().region(), settings.aws().account());
            registry.bind(CATALOG, catalog);
        }
        return catalog;
    }

    static synchronized JobEvents events(CamelContext context) {
        Registry registry = context.getRegistry();
        JobEvents events = registry.lookupByNameAndType(EVENTS, JobEvents.class);
        if (events == null) {
            Settings settings = settings(context);
            events = new JobEvents(new ObjectMapper(), catalog(context), settings.aws().account(), settings.aws().region());
            registry.bind(EVENTS, events);
        }
        return events;
    }

    /** Leases on job runs ({@code signalbox.jobs.lease-table}), held in this process's name ({@code pid@host}). */
    static synchronized JobLease lease(CamelContext context) {
        Registry registry = context.getRegistry();
        JobLease lease = registry.lookupByNameAndType(LEASE, JobLease.class);
        if (lease == null) {
            String table = context.getPropertiesComponent().resolveProperty("signalbox.jobs.lease-table").orElseThrow(
                    () -> new IllegalStateException("Property signalbox.jobs.lease-table is not set")).trim();
            lease = lease(stores(context), table, ManagementFactory.getRuntimeMXBean().getName(), Clock.systemUTC());
            registry.bind(LEASE, lease);
        }
        return lease;
    }

    /** Leases in {@code table}, held in {@code owner}'s name, in the engine of the state. */
    static JobLease lease(Stores stores, String table, String owner, Clock clock) {
        return stores.choose(sql -> new SqlJobLease(sql, table, owner, clock),
                ddb -> new DynamoDbJobLease(ddb.sync(), table, owner, clock));
    }

    /** The schedule ledger in {@code table}, in the engine of the state. */
    static ScheduleLedger ledger(CamelContext context, String table) {
        return stores(context).choose(sql -> new SqlScheduleLedger(sql, table),
                ddb -> new DynamoDbScheduleLedger(ddb.sync(), table));
    }

    /** The engine of the state and its handles ({@code config/SignalboxConfiguration} binds it). */
    static Stores stores(CamelContext context) {
        Stores stores = context.getRegistry().lookupByNameAndType("stores", Stores.class);
        if (stores == null) {
            throw new IllegalStateException("No stores in the registry: the jobs' tables are reached through it");
        }
        return stores;
    }

    private static Settings settings(CamelContext context) {
        return context.getRegistry().lookupByNameAndType("signalboxSettings", Settings.class);
    }
}
