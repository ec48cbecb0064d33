package io.signalbox.bus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * The AWS JSON APIs on the HTTP server ({@code signalbox.bus.path}, {@code /}), so the AWS CLI and SDKs work
 * against Signalbox unchanged: EventBridge's ({@code X-Amz-Target: AWSEvents.PutEvents}, the bus) and, in profile
 * local, DynamoDB's read-only operations over the local tables ({@code DynamoDB_20120810.*}): every
 * {@link AwsJsonApi} in the registry, chosen by the target's prefix. The route answers asynchronously (PutEvents once
 * the queues have acknowledged every delivery).
 */
public class EventBridgeApiRoutes extends RouteBuilder {

    @Override
    public void configure() {
        List<AwsJsonApi> apis = new ArrayList<>(getContext().getRegistry().findByType(AwsJsonApi.class));
        if (apis.isEmpty()) {
            return;
        }
        apis.sort(Comparator.comparing(AwsJsonApi::targetPrefix));
        from("platform-http:{{signalbox.bus.path}}?httpMethodRestrict=POST")
                .routeId("eventbridge-api")
                .process(new ApiProcessor(apis));
    }

    /** Hands the request to the API its target names and completes the exchange when that API answers. */
    static final class ApiProcessor extends AsyncProcessorSupport {

        private final List<AwsJsonApi> apis;

        ApiProcessor(List<AwsJsonApi> apis) {
            this.apis = List.copyOf(apis);
        }

        private CompletableFuture<ApiResponse> dispatch(String target, byte[] body) {
            for (AwsJsonApi api : apis) {
                if (target != null && target.startsWith(api.targetPrefix())) {
                    return api.handle(target, body);
                }
            }
            // EventBridge's answer to what it does not know (the bus answers a missing target the same way)
            String known = String.join(", ", apis.stream().map(a -> a.targetPrefix() + "*").toList());
            String message = target == null || target.isBlank()
                    ? "Missing X-Amz-Target header: this endpoint speaks AWS JSON (" + known + ")"
                    : "Operation " + target + " is not supported: this endpoint supports " + known;
            return CompletableFuture.completedFuture(new ApiResponse(400, "UnknownOperationException",
                    "{\"__type\":\"UnknownOperationException\",\"message\":" + quote(message) + "}"));
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            Message message = exchange.getMessage();
            String target = message.getHeader("X-Amz-Target", String.class);
            byte[] body = message.getBody(byte[].class);
            dispatch(target, body == null ? new byte[0] : body).whenComplete((response, error) -> {
                // request headers must not echo back as response headers
                message.removeHeaders("*");
                if (error != null) {
                    exchange.setException(error);
                } else {
                    message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.status());
                    message.setHeader(Exchange.CONTENT_TYPE, response.contentType());
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
