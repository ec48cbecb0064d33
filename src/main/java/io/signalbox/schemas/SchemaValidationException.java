package io.signalbox.schemas;

import java.util.List;

/** An event whose detail does not match its detail-type's JSON Schema: not retried, dead-lettered with the errors. */
public class SchemaValidationException extends RuntimeException {

    private final List<String> errors;

    public SchemaValidationException(String message, List<String> errors) {
        super(message + (errors.isEmpty() ? "" : ": " + String.join("; ", errors)));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
