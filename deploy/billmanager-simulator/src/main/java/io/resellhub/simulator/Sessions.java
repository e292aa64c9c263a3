package io.resellhub.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code func=auth} sessions, which expire after a period of inactivity. Session ids are secrets:
 * never logged. Not thread-safe: guarded by {@link Upstream}.
 */
final class Sessions {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> lastUse = new HashMap<>();
    private final Duration timeout;

    Sessions(Duration timeout) {
        this.timeout = timeout;
    }

    String open(Instant now) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        lastUse.put(id, now);
        return id;
    }

    /** True, and the inactivity clock restarts, when the session is known and not expired. */
    boolean touch(String id, Instant now) {
        Instant last = lastUse.get(id);
        if (last == null) {
            return false;
        }
        if (now.isAfter(last.plus(timeout))) {
            lastUse.remove(id);
            return false;
        }
        lastUse.put(id, now);
        return true;
    }

    int live(Instant now) {
        lastUse.values().removeIf(last -> now.isAfter(last.plus(timeout)));
        return lastUse.size();
    }

    void expireAll() {
        lastUse.clear();
    }
}
