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

    /** Sent rows are kept this long for diagnosis, then deleted. */
    @WithDefault("P7D")
    Duration retention();
}
