package io.resellhub.simulator;

import java.io.IOException;

/**
 * Thrown out of a handler to abort the exchange: the JDK server then closes the connection without
 * writing a response, which is exactly the "lost answer" a client must survive.
 */
final class ConnectionDropped extends IOException {

    ConnectionDropped(String reason) {
        super(reason, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // expected control flow, not a failure: no stack trace needed
    }
}
