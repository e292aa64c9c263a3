package io.resellhub.commons.metrics;

import org.eclipse.microprofile.config.Config;

import io.quarkus.runtime.StartupEvent;
import io.resellhub.commons.events.DeadLetterCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * At startup, registers {@link DeadLetterCounter}'s series of every dead-letter topic this service's consumers
 * write to ({@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}) at 0: the alert on dead letters
 * and the dashboard find each series before the first record is parked, and an increase from 0 shows.
 */
@ApplicationScoped
public class DeadLetterSeries {

    private static final String PREFIX = "mp.messaging.incoming.";
    private static final String SUFFIX = ".dead-letter-queue.topic";

    void onStart(@Observes StartupEvent event, Config config) {
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                config.getOptionalValue(name, String.class).ifPresent(DeadLetterCounter::register);
            }
        }
    }
}
