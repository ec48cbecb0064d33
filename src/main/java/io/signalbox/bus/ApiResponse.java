package io.signalbox.bus;

/**
 * What the EventBridge-compatible API answers: an HTTP status, the AWS error type when the whole request
 * failed (sent as {@code x-amzn-ErrorType}), and an {@code application/x-amz-json-1.1} body.
 */
public record ApiResponse(int status, String errorType, String body) {

    public static ApiResponse ok(String body) {
        return new ApiResponse(200, null, body);
    }
}
