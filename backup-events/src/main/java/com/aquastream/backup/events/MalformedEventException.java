package com.aquastream.backup.events;

/**
 * A message could not be read as an event of the contract: malformed JSON, a field of the wrong type or
 * value, a missing required field, or a type outside the contract.
 *
 * <p>The message always says what was wrong and, where it is about one field, which field (as a path such
 * as {@code objects[1].tier}), because it ends up in the dead-letter topic's headers where an operator reads
 * it. Kafka consumers let it propagate so the error handler routes the record to {@code <topic>.DLT}.
 */
public class MalformedEventException extends RuntimeException {

    private final String field;

    public MalformedEventException(String message) {
        this(message, null, null);
    }

    public MalformedEventException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param field path of the offending field (e.g. {@code objects[1].tier}), or {@code null} when the
     *              problem is not about one field
     */
    public MalformedEventException(String message, String field, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** Path of the offending field, e.g. {@code schema} or {@code objects[1].tier}; {@code null} if none. */
    public String field() {
        return field;
    }
}
