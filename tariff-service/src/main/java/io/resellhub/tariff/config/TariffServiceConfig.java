package io.resellhub.tariff.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tariff-service")
public interface TariffServiceConfig {

    Imports imports();

    Sync sync();

    interface Imports {
        /** Plans written per transaction (and per outbox batch). */
        @WithDefault("500")
        int batchSize();

        /** How often the job picker looks for queued jobs and abandoned running ones. */
        @WithDefault("2s")
        Duration pollInterval();

        /** A running job whose heartbeat is older than this was abandoned (its service stopped): it is resumed. */
        @WithDefault("2m")
        Duration staleAfter();

        /** A job resumed this many times is failed instead of resumed again. */
        @WithDefault("3")
        int maxAttempts();
    }

    interface Sync {
        /** How often the upstream costs of every module that has tariffs are re-synced. */
        @WithDefault("1h")
        Duration interval();
    }
}
