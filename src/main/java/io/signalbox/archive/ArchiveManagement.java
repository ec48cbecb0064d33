package io.signalbox.archive;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.StandardMBean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@link ArchiveMBean}: the replay as a JMX operation with named, described parameters. Failures reach the
 * JMX client as JDK exceptions (a remote jconsole has none of Signalbox's classes).
 */
public final class ArchiveManagement extends StandardMBean implements ArchiveMBean {

    private static final String[] PARAMETERS = {"bus", "from", "to", "name"};
    private static final String[] DESCRIPTIONS = {
        "the event bus whose archive to replay",
        "start of the window, inclusive: ISO-8601 such as 2024-01-15T10:00:00Z",
        "end of the window, exclusive: ISO-8601 such as 2024-01-15T11:00:00Z",
        "the replay's name, set as replay-name on every replayed event (empty: generated)"};

    private final ArchiveApi api;
    private final ObjectMapper mapper;
    private final Duration timeout;

    /** {@code timeout}: how long the operation waits for the replay to finish. */
    public ArchiveManagement(ArchiveApi api, ObjectMapper mapper, Duration timeout) {
        super(ArchiveMBean.class, false);
        this.api = api;
        this.mapper = mapper;
        this.timeout = timeout;
    }

    @Override
    public String replay(String bus, String from, String to, String name) {
        ArchiveApi.Response response;
        try {
            response = api.replay(bus, from, to, name).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the replay ran");
        } catch (ExecutionException e) {
            throw new IllegalStateException(String.valueOf(e.getCause().getMessage()));
        } catch (TimeoutException e) {
            throw new IllegalStateException("The replay did not finish within " + timeout.toSeconds()
                    + " s; it goes on, see the log for its outcome");
        }
        if (response.status() == 200) {
            return response.body();
        }
        String error;
        try {
            JsonNode json = mapper.readTree(response.body());
            error = json.path("body").path("error").asText(response.body());
        } catch (Exception e) {
            error = response.body();
        }
        if (response.status() < 500) {
            throw new IllegalArgumentException(error);
        }
        throw new IllegalStateException(error);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op) {
        return "replay".equals(op.getName())
                ? "Puts the archived events of a bus in [from, to) back on the bus, marked with replay-name (JSON)"
                : super.getDescription(op);
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return sequence < PARAMETERS.length ? PARAMETERS[sequence] : super.getParameterName(op, param, sequence);
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        return sequence < DESCRIPTIONS.length ? DESCRIPTIONS[sequence] : super.getDescription(op, param, sequence);
    }
}
