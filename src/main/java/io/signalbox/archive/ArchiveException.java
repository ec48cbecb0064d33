package io.signalbox.archive;

/**
 * A replay that cannot run or did not complete: {@code status} is the HTTP status it answers (400 for bad input,
 * 500 for a failure in DynamoDB or SQS) and the message says exactly what is wrong.
 */
public final class ArchiveException extends RuntimeException {

    private final int status;

    public ArchiveException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static ArchiveException badRequest(String message) {
        return new ArchiveException(400, message);
    }

    public int status() {
        return status;
    }
}
