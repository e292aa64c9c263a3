package io.resellhub.reselling.service;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.resellhub.commons.api.ResellingDtos.CatalogItem;
import io.resellhub.commons.web.EncodedBody;
import io.resellhub.reselling.repository.CatalogRepository;
import io.resellhub.reselling.repository.CatalogRepository.CatalogChanged;
import io.resellhub.reselling.repository.CatalogRepository.CatalogRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

/**
 * The storefront catalog served from memory: every tariff on sale, ordered by name, as of one catalog version.
 * A page is a slice of the ordered (and filtered) set, so a deep page costs what the first does, with no OFFSET
 * scan; each page is encoded once per version (JSON, gzip, ETag) and then served as bytes.
 *
 * <p>Freshness: a commit in this process that changed the catalog makes the next request read the rows changed
 * since this replica's version (and only those); a change made by another replica is found by comparing versions
 * at most every {@link #CHECK_NANOS}.
 */
@ApplicationScoped
public class CatalogPages {

    /** How often the catalog version is compared with the database's (changes by other replicas). */
    static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Bounds of the per-version caches, past which one starts again empty: items in query views, page bytes. */
    private static final long MAX_VIEW_ITEMS = 2_000_000;
    private static final long MAX_PAGE_BYTES = 32L << 20;
    private static final int MAX_SINGLE = 10_000;
    /** Past this many changed rows the order is sorted afresh instead of changed item by item. */
    private static final int RESORT_ABOVE = 1_000;

    private static final Comparator<Item> BY_NAME = Comparator.comparing(Item::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(Item::name).thenComparing(Item::id);

    public enum Sort {
        NAME, PRICE
    }

    /** What a storefront asks for; null filters do not filter. {@code Sort.PRICE} needs a period. */
    public record Query(String productType, String provider, String q, Integer period, Sort sort) {

        public Query {
            q = q == null || q.isEmpty() ? null : q.toLowerCase(Locale.ROOT);
        }
    }

    /** A tariff on sale, with its answer already encoded; {@code amounts[i]} is the price for {@code periods[i]}. */
    private record Item(UUID id, String name, String productType, String provider, int[] periods,
            BigDecimal[] amounts, byte[] json) {

        /** The amount for {@code period}, null when the tariff is not sold for it. */
        BigDecimal amount(int period) {
            for (int i = 0; i < periods.length; i++) {
                if (periods[i] == period) {
                    return amounts[i];
                }
            }
            return null;
        }
    }

    private record PageKey(Query query, int page, int size) {
    }

    /** The catalog as of one version, with what was computed from it; replaced whole when the version moves. */
    private static final class Snapshot {
        final long version;
        final Map<UUID, Item> byId;
        final Item[] byName;
        final Map<Query, Item[]> views = new ConcurrentHashMap<>();
        final Map<PageKey, EncodedBody> pages = new ConcurrentHashMap<>();
        final Map<UUID, EncodedBody> single = new ConcurrentHashMap<>();
        final AtomicLong viewItems = new AtomicLong();
        final AtomicLong pageBytes = new AtomicLong();
        volatile long checkedAt = System.nanoTime();

        Snapshot(long version, Map<UUID, Item> byId, Item[] byName) {
            this.version = version;
            this.byId = byId;
            this.byName = byName;
        }
    }

    private final CatalogRepository repository;
    private final ObjectMapper mapper;
    private volatile Snapshot snapshot;
    private volatile boolean changedHere;

    public CatalogPages(CatalogRepository repository, ObjectMapper mapper) {
        this.repository = repository;
        this.mapper = mapper;
    }

    void onCatalogChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) CatalogChanged changed) {
        changedHere = true;
    }

    /** One page of the catalog: {@code {"items","page","size","total"}}, encoded. */
    public EncodedBody page(Query query, int page, int size) {
        Snapshot current = current();
        PageKey key = new PageKey(query, page, size);
        EncodedBody cached = current.pages.get(key);
        if (cached != null) {
            return cached;
        }
        Item[] view = view(current, query);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size * 256 + 64);
        out.writeBytes("{\"items\":[".getBytes(StandardCharsets.UTF_8));
        long from = (long) page * size;
        for (long i = from; i < Math.min(view.length, from + size); i++) {
            if (i > from) {
                out.write(',');
            }
            out.writeBytes(view[(int) i].json());
        }
        out.writeBytes(("],\"page\":" + page + ",\"size\":" + size + ",\"total\":" + view.length + "}")
                .getBytes(StandardCharsets.UTF_8));
        EncodedBody body = EncodedBody.json(out.toByteArray());
        if (current.pageBytes.addAndGet(body.size()) > MAX_PAGE_BYTES) {
            current.pages.clear();
            current.pageBytes.set(body.size());
        }
        current.pages.put(key, body);
        return body;
    }

    /** One tariff on sale, encoded; empty when it is not on sale. */
    public Optional<EncodedBody> one(UUID id) {
        Snapshot current = current();
        Item item = current.byId.get(id);
        if (item == null) {
            return Optional.empty();
        }
        if (current.single.size() >= MAX_SINGLE) {
            current.single.clear();
        }
        return Optional.of(current.single.computeIfAbsent(id, unused -> EncodedBody.json(item.json())));
    }

    private static Item[] view(Snapshot current, Query query) {
        Item[] view = current.views.get(query);
        if (view != null) {
            return view;
        }
        view = Arrays.stream(current.byName).filter(item -> matches(item, query)).toArray(Item[]::new);
        if (query.sort() == Sort.PRICE) {
            Integer period = query.period();
            // Stable: equal prices keep the name order.
            Arrays.sort(view, Comparator.comparing(item -> item.amount(period)));
        }
        if (current.viewItems.addAndGet(view.length) > MAX_VIEW_ITEMS) {
            current.views.clear();
            current.viewItems.set(view.length);
        }
        current.views.put(query, view);
        return view;
    }

    private static boolean matches(Item item, Query query) {
        return (query.productType() == null || query.productType().equals(item.productType()))
                && (query.provider() == null || query.provider().equals(item.provider()))
                && (query.q() == null || item.name().toLowerCase(Locale.ROOT).contains(query.q()))
                && (query.period() == null || item.amount(query.period()) != null);
    }

    /**
     * The snapshot to answer from: the one held, unless this process changed the catalog since or it was last
     * compared with the database's version longer ago than {@link #CHECK_NANOS}; then the rows changed since
     * its version are read. Requests meanwhile wait for that (one database round trip, two when it changed).
     */
    private Snapshot current() {
        Snapshot held = snapshot;
        if (held != null && !changedHere && System.nanoTime() - held.checkedAt < CHECK_NANOS) {
            return held;
        }
        synchronized (this) {
            held = snapshot;
            if (held != null && !changedHere && System.nanoTime() - held.checkedAt < CHECK_NANOS) {
                return held;
            }
            // Cleared before reading, so a commit that lands during the read makes the next request look again.
            changedHere = false;
            long checked = System.nanoTime();
            long version;
            try {
                version = repository.version();
            } catch (RuntimeException e) {
                if (held == null) {
                    throw e;
                }
                Log.warnf("Catalog version unreadable, serving version %d meanwhile: %s", held.version, e.getMessage());
                held.checkedAt = checked;
                return held;
            }
            if (held != null && version == held.version) {
                held.checkedAt = checked;
                return held;
            }
            boolean full = held == null || version < held.version;
            List<CatalogRow> rows = repository.changedBetween(full ? -1 : held.version, version);
            Snapshot next = apply(full ? null : held, rows, version);
            next.checkedAt = checked;
            snapshot = next;
            return next;
        }
    }

    /**
     * The snapshot of {@code version}: {@code base} (null: none) with {@code rows} applied. A few changed rows are
     * placed by binary search into a copy of the order; many (a first load, a bulk change) are sorted afresh.
     * {@code byId} is shared with {@code base} and updated in place: a request still on {@code base} may find a
     * tariff's newer state by id, never an older one.
     */
    private Snapshot apply(Snapshot base, List<CatalogRow> rows, long version) {
        Map<UUID, Item> byId = base == null ? new ConcurrentHashMap<>() : base.byId;
        Map<String, String> shared = new HashMap<>();
        Item[] byName;
        if (base == null || rows.size() > RESORT_ABOVE) {
            for (CatalogRow row : rows) {
                if (row.onSale()) {
                    byId.put(row.id(), item(row, shared));
                } else {
                    byId.remove(row.id());
                }
            }
            byName = byId.values().toArray(new Item[0]);
            Arrays.sort(byName, BY_NAME);
        } else {
            List<Item> order = new ArrayList<>(Arrays.asList(base.byName));
            for (CatalogRow row : rows) {
                Item old = byId.remove(row.id());
                int at = old == null ? -1 : Collections.binarySearch(order, old, BY_NAME);
                if (at >= 0) {
                    order.remove(at);
                }
                if (row.onSale()) {
                    Item item = item(row, shared);
                    byId.put(row.id(), item);
                    order.add(-Collections.binarySearch(order, item, BY_NAME) - 1, item);
                }
            }
            byName = order.toArray(new Item[0]);
        }
        Log.debugf("Catalog version %d: %d row(s) read, %d on sale", version, rows.size(), byName.length);
        return new Snapshot(version, byId, byName);
    }

    private Item item(CatalogRow row, Map<String, String> shared) {
        try {
            JsonNode prices = mapper.readTree(row.pricesJson());
            int[] periods = new int[prices.size()];
            BigDecimal[] amounts = new BigDecimal[prices.size()];
            int priced = 0;
            for (JsonNode price : prices) {
                if (price.hasNonNull("period") && price.hasNonNull("amount")) {
                    periods[priced] = price.get("period").asInt();
                    amounts[priced++] = new BigDecimal(price.get("amount").asText());
                }
            }
            periods = Arrays.copyOf(periods, priced);
            amounts = Arrays.copyOf(amounts, priced);
            byte[] json = mapper.writeValueAsBytes(new CatalogItem(row.id().toString(), row.name(), row.productType(),
                    row.provider(), row.pricesJson()));
            // Product types and providers repeat across thousands of items: one copy each.
            return new Item(row.id(), row.name(), shared.computeIfAbsent(row.productType(), type -> type),
                    row.provider() == null ? null : shared.computeIfAbsent(row.provider(), provider -> provider),
                    periods, amounts, json);
        } catch (JsonProcessingException | NumberFormatException e) {
            throw new IllegalStateException("Unreadable prices in catalog_entry for " + row.id(), e);
        }
    }
}
