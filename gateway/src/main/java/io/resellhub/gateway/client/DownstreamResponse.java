package io.resellhub.gateway.client;

import java.util.Optional;

/** What a downstream service answered, as the gateway relays it. */
public record DownstreamResponse(int status, String contentType, String body, Optional<String> location) {
}
