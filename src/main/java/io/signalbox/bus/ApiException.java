package io.signalbox.bus;

/** A request the EventBridge API refuses whole, with the error type and HTTP status EventBridge uses. */
public final class ApiException extends RuntimeException {

    private final String type;
    private final int status;

    public ApiException(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    public static ApiException validation(String message) {
        return new ApiException("ValidationException", 400, message);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
