package io.resellhub.commons.events;

/** An event no retry can apply; the Kafka connector's dead-letter strategy parks it in {@code <topic>.dlq}. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
