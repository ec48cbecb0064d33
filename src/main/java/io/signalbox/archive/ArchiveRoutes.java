package io.signalbox.archive;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archive replay on the HTTP server: route {@code archive-replay}, {@code POST <signalbox.admin.path>/archive/replay}
 * with {@code {"bus", "from", "to"}} (and optionally {@code "name"}), answered once the replay is done; and the
 * same as the JMX operation {@code replay} of MBean {@code io.signalbox:type=admin,name=Archive} on the platform
 * MBean server (so Jolokia reaches it too), registered while the context runs. Nothing when the archive is off
 * or there is no local bus (profile {@code aws}: EventBridge archives and replays itself).
 */
public class ArchiveRoutes extends RouteBuilder {

    static final String MBEAN_NAME = "io.signalbox:type=admin,name=Archive";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveRoutes.class);

    @PropertyInject("signalbox.admin.path")
    private String adminPath;

    @PropertyInject("signalbox.archive.jmx-timeout-seconds")
    private int jmxTimeoutSeconds;

    @Override
    public void configure() throws Exception {
        ArchiveReplayer replayer = getContext().getRegistry().lookupByNameAndType("archiveReplayer", ArchiveReplayer.class);
        if (replayer == null) {
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        ArchiveApi api = new ArchiveApi(replayer, mapper, Clock.systemUTC());
        from("platform-http:" + prefix(adminPath) + "/archive/replay?httpMethodRestrict=POST")
                .routeId("archive-replay")
                .process(new ReplayProcessor(api));
        getContext().addService(new MBeanRegistration(
                new ArchiveManagement(api, mapper, Duration.ofSeconds(jmxTimeoutSeconds))), true, true);
    }

    /** {@code /admin} from {@code admin}, {@code /admin/} or {@code /admin}. */
    static String prefix(String path) {
        String p = path == null ? "" : path.trim();
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() || p.startsWith("/") ? p : "/" + p;
    }

    /** Runs the replay off the HTTP thread and completes the exchange when it answers. */
    static final class ReplayProcessor extends AsyncProcessorSupport {

        private final ArchiveApi api;

        ReplayProcessor(ArchiveApi api) {
            this.api = api;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Message message = exchange.getMessage();
            String contentType = message.getHeader(Exchange.CONTENT_TYPE, String.class);
            // the HTTP server parses a form and leaves no body: say so rather than "no JSON"
            CompletableFuture<ArchiveApi.Response> answer = contentType != null
                    && (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/"))
                    ? CompletableFuture.completedFuture(api.badRequest("The request body must be JSON with Content-Type: "
                            + "application/json, not a form (" + contentType + "); with curl, add "
                            + "-H 'Content-Type: application/json' to -d"))
                    : api.replay(message.getBody(byte[].class));
            answer.whenComplete((response, error) -> {
                // request headers must not echo back as response headers
                message.removeHeaders("*");
                if (error != null) {
                    exchange.setException(error);
                } else {
                    message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
                    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                    message.setBody(response.body());
                }
                callback.done(false);
            });
            return false;
        }
    }

    /** Registers the MBean on the platform MBean server while the context runs. */
    private static final class MBeanRegistration extends ServiceSupport {

        private final Object mbean;
        private ObjectName name;

        MBeanRegistration(Object mbean) {
            this.mbean = mbean;
        }

        @Override
        protected void doStart() throws Exception {
            ObjectName objectName = new ObjectName(MBEAN_NAME);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                // left behind by a Signalbox of this JVM that did not stop cleanly (tests start several in turn)
                server.unregisterMBean(objectName);
            }
            server.registerMBean(mbean, objectName);
            name = objectName;
            LOG.info("Archive replay on JMX as {}", objectName);
        }

        @Override
        protected void doStop() throws Exception {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (name != null && server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            name = null;
        }

        @Override
        public String toString() {
            return "MBean " + MBEAN_NAME;
        }
    }
}
