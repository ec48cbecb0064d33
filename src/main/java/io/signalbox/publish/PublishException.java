package io.signalbox.publish;

/** An event could not be put on its bus; the route that produced it fails, so its dead-letter channel retries. */
public final class PublishException extends RuntimeException {

    public PublishException(String message) {
        super(message);
    }
}
