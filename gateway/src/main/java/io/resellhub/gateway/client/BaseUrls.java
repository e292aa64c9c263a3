package io.resellhub.gateway.client;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The base URLs of one service's replicas, taken in turn per request (round robin), as a Kubernetes Service
 * spreads connections over its pods. Configured as one URL or several, comma-separated.
 */
public final class BaseUrls {

    private final List<String> urls;
    private final AtomicInteger next = new AtomicInteger();

    BaseUrls(String configured) {
        this.urls = Arrays.stream(configured.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.replaceAll("/+$", ""))
                .toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("No base URL in '" + configured + "'");
        }
    }

    /** The base URL for the next request. */
    String next() {
        return urls.get(Math.floorMod(next.getAndIncrement(), urls.size()));
    }

    /** The path (and query) of {@code location} when it points at one of these replicas. */
    public Optional<String> pathOf(String location) {
        return urls.stream().filter(location::startsWith).findFirst().map(url -> location.substring(url.length()));
    }

    @Override
    public String toString() {
        return String.join(",", urls);
    }
}
