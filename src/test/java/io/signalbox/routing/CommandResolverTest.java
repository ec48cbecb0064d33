package io.signalbox.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signalbox.events.Envelope;
import org.junit.jupiter.api.Test;

class CommandResolverTest {

    private final ObjectMapper json = new ObjectMapper();
    private final CommandResolver resolver = new CommandResolver(json, List.of("command", "job"));

    private Envelope event(List<String> resources, JsonNode detail) {
        return new Envelope("0", "e-1", "Scheduled Event", "aws.events", null, null, null, resources, detail, "e-1",
                null, null, null);
    }

    @Test
    void explicitCommandFieldWins() throws Exception {
        CommandResolver.Command c = resolver.resolve(event(List.of("arn:aws:events:us-east-1:1:rule/other"),
                json.readTree("{\"command\":\"daily-forecasting-job\",\"skus\":[\"A\"]}")));
        assertEquals("daily-forecasting-job", c.name());
        assertEquals("[\"A\"]", c.payload().get("skus").toString());
    }

    @Test
    void secondCommandFieldIsUsedWhenTheFirstIsAbsent() throws Exception {
        assertEquals("weekly", resolver.resolve(event(List.of(), json.readTree("{\"job\":\"weekly\"}"))).name());
    }

    @Test
    void detailAsJsonStringIsUnwrapped() throws Exception {
        JsonNode detail = json.getNodeFactory().textNode("{\"command\":\"trade\",\"mode\":\"paper\"}");
        CommandResolver.Command c = resolver.resolve(event(List.of(), detail));
        assertEquals("trade", c.name());
        assertEquals("paper", c.payload().get("mode").asText());
    }

    @Test
    void eventWrappedInsideTheDetailIsUnwrapped() throws Exception {
        // a scheduler envelope whose input is itself an EventBridge-shaped event with the command as a string
        JsonNode detail = json.readTree("{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.scheduler\","
                + "\"detail\":\"{\\\"command\\\":\\\"rebalance\\\"}\"}");
        assertEquals("rebalance", resolver.resolve(event(List.of(), detail)).name());
    }

    @Test
    void ruleNameFromTheResourceArnAsSeed000Does() throws Exception {
        assertEquals("daily-optimization-job", resolver.resolve(event(
                List.of("arn:aws:events:us-east-1:123456789012:rule/daily-optimization-job"), json.createObjectNode())).name());
        // a rule on a custom bus: rule/<bus>/<name>
        assertEquals("hourly-anomaly-detection-job", resolver.resolve(event(
                List.of("arn:aws:events:us-east-1:123456789012:rule/custom-event-bus/hourly-anomaly-detection-job"),
                json.createObjectNode())).name());
    }

    @Test
    void noCommandAtAll() {
        assertNull(resolver.resolve(event(List.of("arn:aws:s3:::bucket"), json.createObjectNode())));
        assertNull(CommandResolver.ruleName("not-an-arn"));
    }

    @Test
    void stringDetailThatIsNotJsonIsASpecificError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolver.resolve(event(List.of(), json.getNodeFactory().textNode("run it"))));
        assertEquals("Command detail is a string that is not JSON", e.getMessage());
    }
}
