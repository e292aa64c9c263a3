package io.resellhub.reselling.client;

import java.util.UUID;

/** What enabling needs of a tariff's current state in tariff-service (its other fields are ignored). */
public record CurrentTariff(UUID id, long version, boolean upstreamAvailable, boolean upstreamRemoved,
        boolean belowCost) {
}
