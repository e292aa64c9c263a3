package io.resellhub.commons.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "resellhub.outbox")
public interface OutboxConfig {

    /** Pause between relay rounds when the outbox is empty. */
    @WithDefault("100ms")
    Duration pollInterval();

    /** Rows claimed and published per relay round. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker's acknowledgement of a batch before it retries later. */
    @WithDefault("10s")
    Duration sendTimeout();

    /**
     * How often a standby replica asks for the relay lock, and how often the active relay checks that its
     * lock connection still holds it: a dead holder is replaced within about this long.
     */
    @WithDefault("1s")
    Duration standbyInterval();

    /** Sent rows are kept this long for diagnosis, then deleted. */
    @WithDefault("P7D")
    Duration retention();
}
