package io.resellhub.tariff.client;

/** module-service could not be reached, timed out or failed (5xx): counts against its circuit breaker. */
public class ModuleServiceUnavailableException extends RuntimeException {

    public ModuleServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
