package io.resellhub.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account's services, in order of creation. Certificates leave "processing" lazily: every read
 * first {@link #settle settles} them against the clock, so tests move time instead of waiting for a
 * timer. Not thread-safe: guarded by {@link Upstream}.
 */
final class Services {

    /** Upstream service ids are large and unrelated to plan ids. */
    private static final int FIRST_ID = 5001;

    private final Map<String, Service> byId = new LinkedHashMap<>();
    /** When each service first appears in service lists (lists may lag behind orders). */
    private final Map<String, Instant> listedFrom = new HashMap<>();
    private int nextId = FIRST_ID;

    void reset() {
        byId.clear();
        listedFrom.clear();
        nextId = FIRST_ID;
    }

    String nextId() {
        return String.valueOf(nextId++);
    }

    void add(Service service, Instant listedFrom) {
        byId.put(service.id, service);
        this.listedFrom.put(service.id, listedFrom);
    }

    /** The services of {@code type} that service lists show at {@code now}. */
    List<Service> listed(ItemType type, Instant now) {
        List<Service> result = ofType(type);
        result.removeIf(service -> now.isBefore(listedFrom.getOrDefault(service.id, Instant.MIN)));
        return result;
    }

    /** Processing certificates whose delay has passed become active. */
    void settle(Instant now) {
        for (Service service : byId.values()) {
            if (service.activatesAt != null && !now.isBefore(service.activatesAt)) {
                service.activatesAt = null;
                if (service.status == ServiceSnapshot.PROCESSING) {
                    service.status = ServiceSnapshot.ACTIVE;
                }
            }
        }
    }

    /** A service of any type. */
    Optional<Service> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** A service of {@code type}: an id of another type is as unknown as a foreign one. */
    Optional<Service> find(String id, ItemType type) {
        return find(id).filter(service -> service.type == type);
    }

    List<Service> ofType(ItemType type) {
        List<Service> result = new ArrayList<>();
        for (Service service : byId.values()) {
            if (service.type == type) {
                result.add(service);
            }
        }
        return result;
    }

    List<Service> all() {
        return new ArrayList<>(byId.values());
    }
}
