package io.resellhub.gateway.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.resellhub.commons.web.EncodedBody;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The gateway's short-lived copy of reselling-service's public catalog answers, so the second hop is not on
 * every storefront request. An answer is served for at most {@link #MAX_AGE_NANOS} counted from the moment its
 * downstream read began (half the second within which the catalog must show a change; reselling-service itself
 * is at most 100 ms behind its database), and none read before {@link #invalidate()} is served after it.
 * Concurrent requests for a key that is missing or expired share one downstream call. A key that is asked for
 * again after {@link #REFRESH_AHEAD_NANOS} is read again in the background while its answer is still served, so
 * on a busy key no request waits for the downstream call (without this, every request that came while a key
 * was read again waited for that call, twice a second: the catalog's tail latency under load).
 *
 * <p>Metric {@code resellhub.catalog.cache.requests}: each request, {@code result} {@code hit} (served from the
 * cache or joined a call under way) or {@code miss} (started a downstream call).
 */
@ApplicationScoped
public class CatalogCache {

    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** From this age on, the next request for a key starts reading its successor (200 ms before it expires). */
    static final long REFRESH_AHEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
    /** Bounds of what is held (distinct queries, body bytes); past either the cache starts again empty. */
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_BYTES = 32L << 20;

    /**
     * A downstream answer: a {@code 200} JSON body encoded once ({@code body}), or anything else as it came
     * ({@code other}: problems, relayed per request).
     */
    public record Answer(EncodedBody body, DownstreamResponse other) {
    }

    private record Entry(long startedAt, long generation, CompletableFuture<Answer> answer, AtomicBoolean refreshing) {

        Entry(long startedAt, long generation) {
            this(startedAt, generation, new CompletableFuture<>(), new AtomicBoolean());
        }

        boolean servable(long now, long currentGeneration) {
            return generation == currentGeneration && (!answer.isDone() || now - startedAt <= MAX_AGE_NANOS);
        }

        /** True once, for the first request that finds this answer old enough to read its successor. */
        boolean startsRefresh(long now) {
            return answer.isDone() && now - startedAt > REFRESH_AHEAD_NANOS && refreshing.compareAndSet(false, true);
        }

        long bodySize() {
            Answer done = answer.isDone() && !answer.isCompletedExceptionally() ? answer.join() : null;
            return done == null || done.body() == null ? 0 : done.body().size();
        }
    }

    private final DownstreamClient reselling;
    private final Executor loaders;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final Counter hits;
    private final Counter misses;

    public CatalogCache(Downstreams downstreams, MeterRegistry registry) {
        this.reselling = downstreams.resellingService();
        this.loaders = Infrastructure.getDefaultWorkerPool();
        this.hits = requests(registry, "hit");
        this.misses = requests(registry, "miss");
    }

    private static Counter requests(MeterRegistry registry, String result) {
        return Counter.builder("resellhub.catalog.cache.requests")
                .description("Public catalog requests at the gateway: from its cache (hit) or downstream (miss)")
                .tag("result", result)
                .register(registry);
    }

    /** The answer to {@code GET pathAndQuery} on reselling-service, from the cache or one shared downstream call. */
    public CompletableFuture<Answer> get(String pathAndQuery) {
        long now = System.nanoTime();
        long current = generation.get();
        Entry held = entries.get(pathAndQuery);
        if (held != null && held.servable(now, current)) {
            hits.increment();
            refreshAhead(pathAndQuery, held, now);
            return held.answer();
        }
        Entry[] created = new Entry[1];
        Entry entry = entries.compute(pathAndQuery, (key, old) -> {
            if (old != null && old.servable(System.nanoTime(), current)) {
                return old;
            }
            if (old != null) {
                bytes.addAndGet(-old.bodySize());
            }
            created[0] = new Entry(System.nanoTime(), current);
            return created[0];
        });
        if (created[0] == null) {
            hits.increment();
        } else {
            misses.increment();
            if (entries.size() > MAX_ENTRIES) {
                entries.clear();
                bytes.set(0);
                entries.put(pathAndQuery, entry);
            }
            load(pathAndQuery, entry, () -> { });
        }
        return entry.answer();
    }

    /**
     * The {@code 200} body held for {@code pathAndQuery} when it may be served now, else null (missing, expired,
     * still loading, or not a {@code 200}): then {@link #get} loads or waits for it (and counts the request).
     * Never blocks, never loads.
     */
    public EncodedBody ready(String pathAndQuery) {
        Entry held = entries.get(pathAndQuery);
        long now = System.nanoTime();
        if (held == null || !held.answer().isDone() || held.answer().isCompletedExceptionally()
                || !held.servable(now, generation.get())) {
            return null;
        }
        EncodedBody body = held.answer().join().body();
        if (body != null) {
            hits.increment();
        }
        refreshAhead(pathAndQuery, held, now);
        return body;
    }

    /**
     * Reads a served answer's successor in the background once it is old enough; the successor replaces it when
     * it arrives, unless the cache was invalidated or the key loaded anew meanwhile. A failed read is not kept:
     * the held answer serves on until it expires.
     */
    private void refreshAhead(String pathAndQuery, Entry held, long now) {
        if (held.startsRefresh(now)) {
            Entry successor = new Entry(System.nanoTime(), held.generation());
            load(pathAndQuery, successor, () -> {
                if (entries.replace(pathAndQuery, held, successor)) {
                    bytes.addAndGet(-held.bodySize());
                }
            });
        }
    }

    /** Drops every answer: a catalog change passed through this gateway (enable, disable). */
    public void invalidate() {
        generation.incrementAndGet();
        entries.clear();
        bytes.set(0);
    }

    /** Reads {@code entry}'s answer downstream on a worker thread; {@code loaded} runs when it arrived. */
    private void load(String pathAndQuery, Entry entry, Runnable loaded) {
        loaders.execute(() -> {
            try {
                DownstreamResponse response = reselling.read(pathAndQuery, null); // the catalog is public
                boolean json = response.status() == 200 && response.contentType().startsWith("application/json");
                Answer answer = json ? new Answer(EncodedBody.json(response.body().getBytes(StandardCharsets.UTF_8)), null)
                        : new Answer(null, response);
                if (json && bytes.addAndGet(answer.body().size()) > MAX_BYTES) {
                    entries.clear();
                    bytes.set(0);
                }
                entry.answer().complete(answer);
                loaded.run();
            } catch (RuntimeException e) {
                // Not kept: the next request asks again (the client's circuit breaker decides how soon it may).
                entries.remove(pathAndQuery, entry);
                entry.answer().completeExceptionally(e);
            }
        });
    }
}
