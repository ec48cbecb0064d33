package io.signalbox.bus;

import java.util.concurrent.CompletableFuture;

/**
 * Operations of an AWS JSON protocol served on Signalbox's API endpoint, chosen by the {@code X-Amz-Target}
 * header's prefix: {@code AWSEvents.} (the bus), {@code DynamoDB_20120810.} (the local tables, read-only). Each
 * answers every call, errors included, in its protocol's shape.
 */
public interface AwsJsonApi {

    /** The {@code X-Amz-Target} prefix of this API's operations, e.g. {@code AWSEvents.}. */
    String targetPrefix();

    CompletableFuture<ApiResponse> handle(String target, byte[] body);
}
