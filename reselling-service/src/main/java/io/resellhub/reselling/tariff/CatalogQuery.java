package io.resellhub.reselling.tariff;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.resellhub.commons.api.ResellingDtos.CatalogItem;
import io.resellhub.commons.paging.Page;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads the storefront catalog: one indexed query on {@code catalog_entry} (plus its count), on a plain
 * auto-commit connection, with the prices passed through as the stored JSON. Pages are cached: every
 * transaction that changes the catalog in this process moves the generation on after its commit, which
 * drops every cached page at once; a page read before the change carries the old generation and is never
 * served after it. A change made by another replica shows once the page is older than {@link #MAX_AGE_NANOS}.
 */
@ApplicationScoped
public class CatalogQuery {

    /** How long a cached page may be served: half the second in which a change must show. */
    static final long MAX_AGE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_CACHED_PAGES = 2_000;

    private final DataSource dataSource;
    private final AtomicLong generation = new AtomicLong();
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    public CatalogQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Key(String productType, int page, int size) {
    }

    private record Cached(long generation, long loadedAt, Page<CatalogItem> page) {
    }

    /** Called after a transaction that changed catalog rows committed: no page read before it is served again. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.clear();
    }

    public Page<CatalogItem> page(String productType, int page, int size) {
        Key key = new Key(productType, page, size);
        long current = generation.get();
        long now = System.nanoTime();
        Cached cached = cache.get(key);
        if (cached != null && cached.generation() == current && now - cached.loadedAt() < MAX_AGE_NANOS) {
            return cached.page();
        }
        Page<CatalogItem> loaded = load(productType, page, size);
        if (cache.size() >= MAX_CACHED_PAGES) {
            cache.clear();
        }
        cache.put(key, new Cached(current, now, loaded));
        return loaded;
    }

    private Page<CatalogItem> load(String productType, int page, int size) {
        String where = productType == null ? "" : " WHERE product_type = ?";
        try (Connection connection = dataSource.getConnection()) {
            List<CatalogItem> items = new ArrayList<>(size);
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT tariff_id, name, product_type, provider, prices::text FROM catalog_entry" + where
                            + " ORDER BY name, tariff_id LIMIT ? OFFSET ?")) {
                int i = 1;
                if (productType != null) {
                    select.setString(i++, productType);
                }
                select.setInt(i++, size);
                select.setLong(i, (long) page * size);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        items.add(new CatalogItem(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5)));
                    }
                }
            }
            long total;
            try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM catalog_entry" + where)) {
                if (productType != null) {
                    count.setString(1, productType);
                }
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return new Page<>(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catalog", e);
        }
    }
}
