package io.signalbox.bus;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.PropertyInject;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The EventBridge-compatible API (AWS JSON 1.1, {@code X-Amz-Target: AWSEvents.PutEvents}) on the HTTP
 * server, so the AWS CLI and SDKs work against Signalbox unchanged. The route answers asynchronously, once
 * the queues have acknowledged every delivery.
 */
public class EventBridgeApiRoutes extends RouteBuilder {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    @PropertyInject("signalbox.bus.enabled")
    private boolean enabled;

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        EventBus bus = getContext().getRegistry().lookupByNameAndType("eventBus", EventBus.class);
        from("platform-http:{{signalbox.bus.path}}?httpMethodRestrict=POST")
                .routeId("eventbridge-api")
                .process(new PutEventsProcessor(bus));
    }

    /** Hands the request to the bus and completes the exchange when the bus answers. */
    static final class PutEventsProcessor extends AsyncProcessorSupport {

        private final EventBus bus;

        PutEventsProcessor(EventBus bus) {
            this.bus = bus;
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Message message = exchange.getMessage();
            String target = message.getHeader("X-Amz-Target", String.class);
            byte[] body = message.getBody(byte[].class);
            bus.handle(target, body == null ? new byte[0] : body).whenComplete((response, error) -> {
                // request headers must not echo back as response headers
                message.removeHeaders("*");
                if (error != null) {
                    exchange.setException(error);
                } else {
                    message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
                    message.setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
                    if (response.errorType() != null) {
                        message.setHeader("x-amzn-ErrorType", response.errorType());
                    }
                    message.setBody(response.body());
                }
                callback.done(false);
            });
            return false;
        }
    }
}
