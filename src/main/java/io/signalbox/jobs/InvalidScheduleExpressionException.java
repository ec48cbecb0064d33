package io.signalbox.jobs;

/** A schedule expression EventBridge would refuse; the message says which rule it breaks. */
public class InvalidScheduleExpressionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidScheduleExpressionException(String expression, String reason) {
        super("Invalid schedule expression \"" + expression + "\": " + reason);
    }
}
