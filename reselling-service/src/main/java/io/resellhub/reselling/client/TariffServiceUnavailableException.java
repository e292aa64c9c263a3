package io.resellhub.reselling.client;

/** tariff-service could not tell a tariff's current state: nothing may be decided on it. */
public class TariffServiceUnavailableException extends RuntimeException {

    public TariffServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
