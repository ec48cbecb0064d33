package io.signalbox.deadletter;

/** Something an operator named does not exist: a dead-letter queue, or a message on one. */
public class DeadLetterNotFoundException extends RuntimeException {

    public DeadLetterNotFoundException(String message) {
        super(message);
    }
}
