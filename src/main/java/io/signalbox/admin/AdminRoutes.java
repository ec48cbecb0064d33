package io.signalbox.admin;

import java.lang.management.ManagementFactory;
import java.util.function.Function;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.deadletter.DeadLetters;
import io.signalbox.store.Stores;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on the HTTP server (under {@code signalbox.admin.path}, {@code /admin} by default) and its JMX
 * twin: the dead-letter operations of {@link DeadLetters}, as JSON.
 *
 * <ul>
 * <li>{@code GET /admin/dlq} (route {@code admin-dlq-list}): every DLQ with its depth;</li>
 * <li>{@code GET /admin/dlq/{queue}/messages?max=} ({@code admin-dlq-messages}): peek;</li>
 * <li>{@code POST /admin/dlq/{queue}/replay[?message_id=]} ({@code admin-dlq-replay}): replay all, or one;</li>
 * <li>{@code DELETE /admin/dlq/{queue}/messages} ({@code admin-dlq-purge}): purge.</li>
 * </ul>
 *
 * The same operations are the MBean {@code io.signalbox:context=<camel context>,type=admin,name=DeadLetters} on the
 * platform MBean server (so Jolokia reaches it too), registered while the context runs.
 */
public class AdminRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    @PropertyInject("signalbox.admin.path")
    private String path;

    @PropertyInject("signalbox.admin.dlq.peek-default")
    private int peekDefault;

    @Override
    public void configure() throws Exception {
        DeadLetters deadLetters = getContext().getRegistry().lookupByNameAndType("deadLetters", DeadLetters.class);
        if (deadLetters == null) {
            throw new IllegalStateException("No deadLetters bean in the registry (SignalboxConfiguration binds it)");
        }
        DeadLetterJson json = new DeadLetterJson(new ObjectMapper());
        AdminApi api = new AdminApi(deadLetters, json, peekDefault);
        getContext().addService(new MBeanRegistration("DeadLetters",
                new DeadLettersManagement(deadLetters, json)), true, true);

        Stores stores = getContext().getRegistry().lookupByNameAndType("stores", Stores.class);
        if (stores != null) {
            tableRoutes(stores, json);
        }

        String dlq = "platform-http:" + prefix(path) + "/dlq";
        from(dlq + "?httpMethodRestrict=GET")
                .routeId("admin-dlq-list")
                .process(answer(m -> api.listDeadLetterQueues()));
        from(dlq + "/{queue}/messages?httpMethodRestrict=GET")
                .routeId("admin-dlq-messages")
                .process(answer(m -> api.peek(m.getHeader("queue", String.class), m.getHeader("max", String.class))));
        from(dlq + "/{queue}/replay?httpMethodRestrict=POST")
                .routeId("admin-dlq-replay")
                .process(answer(m -> api.replay(m.getHeader("queue", String.class),
                        m.getHeader("message_id", String.class))));
        from(dlq + "/{queue}/messages?httpMethodRestrict=DELETE")
                .routeId("admin-dlq-purge")
                .process(answer(m -> api.purge(m.getHeader("queue", String.class))));
    }

    /** The tables, read-only: {@code GET /admin/tables}, a page of one, one item by its key (JMX: {@code Tables}). */
    private void tableRoutes(Stores stores, DeadLetterJson json) throws Exception {
        TableBrowser browser = new TableBrowser(stores.tables(), stores.engine().id());
        getContext().addService(new MBeanRegistration("Tables", new TablesManagement(browser, stores.tables())), true, true);
        String service = stores.engine() == Stores.Engine.DYNAMODB ? "DynamoDB" : "SQLite";
        String tables = "platform-http:" + prefix(path) + "/tables";
        from(tables + "?httpMethodRestrict=GET")
                .routeId("admin-tables-list")
                .process(answer(m -> AdminApi.answer(json, service, browser::list)));
        from(tables + "/{table}?httpMethodRestrict=GET")
                .routeId("admin-tables-page")
                .process(answer(m -> AdminApi.answer(json, service, () -> browser.page(m.getHeader("table", String.class),
                        m.getHeader("limit", String.class), m.getHeader("start", String.class)))));
        from(tables + "/{table}/items/{pk}?httpMethodRestrict=GET")
                .routeId("admin-tables-item")
                .process(answer(m -> AdminApi.answer(json, service, () -> browser.item(m.getHeader("table", String.class),
                        m.getHeader("pk", String.class), null))));
        from(tables + "/{table}/items/{pk}/{sk}?httpMethodRestrict=GET")
                .routeId("admin-tables-item-sorted")
                .process(answer(m -> AdminApi.answer(json, service, () -> browser.item(m.getHeader("table", String.class),
                        m.getHeader("pk", String.class), m.getHeader("sk", String.class)))));
    }

    /** {@code /admin} from {@code admin}, {@code /admin/} or {@code /admin}. */
    static String prefix(String path) {
        String p = path == null ? "" : path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") || p.isEmpty() ? p : "/" + p;
    }

    /** Runs the request (the HTTP server calls it on a worker thread) and writes its status and JSON. */
    private static Processor answer(Function<Message, AdminApi.Response> request) {
        return exchange -> {
            Message message = exchange.getMessage();
            AdminApi.Response response = request.apply(message);
            // request headers must not echo back as response headers
            message.removeHeaders("*");
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(response.body());
        };
    }

    /** Registers an MBean on the platform MBean server while the context runs. */
    private final class MBeanRegistration extends ServiceSupport {

        private final String name;
        private final Object mbean;
        private ObjectName objectName;

        MBeanRegistration(String name, Object mbean) {
            this.name = name;
            this.mbean = mbean;
        }

        @Override
        protected void doStart() throws Exception {
            String context = getContext().getManagementName() != null ? getContext().getManagementName()
                    : getContext().getName();
            // as Camel names its own MBeans (context=signalbox); characters an unquoted value cannot hold become _
            objectName = new ObjectName("io.signalbox:context=" + context.replaceAll("[,=:\"*?\\s]", "_")
                    + ",type=admin,name=" + name);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            server.registerMBean(mbean, objectName);
            LOG.info("Admin operations on JMX as {}", objectName);
        }

        @Override
        protected void doStop() throws Exception {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (objectName != null && server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            objectName = null;
        }

        @Override
        public String toString() {
            return "MBean io.signalbox:type=admin,name=" + name;
        }
    }
}
