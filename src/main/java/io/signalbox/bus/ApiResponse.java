package io.signalbox.bus;

/**
 * What an AWS JSON API answers: an HTTP status, the AWS error type when the whole request failed (sent as
 * {@code x-amzn-ErrorType}), a body and its content type ({@code application/x-amz-json-1.1} for EventBridge,
 * {@code 1.0} for DynamoDB).
 */
public record ApiResponse(int status, String errorType, String body, String contentType) {

    public static final String JSON_1_1 = "application/x-amz-json-1.1";

    public ApiResponse(int status, String errorType, String body) {
        this(status, errorType, body, JSON_1_1);
    }

    public static ApiResponse ok(String body) {
        return new ApiResponse(200, null, body);
    }
}
