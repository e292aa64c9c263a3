package io.resellhub.commons.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;

import io.quarkus.logging.Log;

/**
 * The right to be a service's one active outbox relay: a session-level PostgreSQL advisory lock held on a
 * connection of its own, outside the pool. Every replica asks for it; one gets it, the others stand by and
 * ask again every {@code standbyInterval}. The lock goes with its session: when the holder dies or its
 * connection drops, PostgreSQL releases it and a standby takes it within seconds. The holder checks its
 * connection as often; a connection it cannot reach any more costs it the role before it claims again.
 *
 * <p>Not thread-safe: the relay thread alone calls it.
 */
final class RelayLock implements AutoCloseable {

    /** The advisory lock key ("OUTB"); advisory locks are per database, and each service has its own. */
    static final long KEY = 0x4F555442L;

    private final String url;
    private final Properties properties;
    private final Duration checkInterval;
    private final Clock clock;
    private Connection connection;
    private int backendPid;
    private Instant checkedAt = Instant.MIN;

    RelayLock(String url, String username, String password, Duration checkInterval, Clock clock) {
        this.url = url;
        this.checkInterval = checkInterval;
        this.clock = clock;
        this.properties = new Properties();
        properties.setProperty("user", username);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "outbox-relay-lock");
        // A check of the lock connection never hangs longer than this.
        long seconds = Math.max(2, checkInterval.multipliedBy(5).toSeconds());
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(seconds));
        properties.setProperty("tcpKeepAlive", "true");
    }

    /**
     * True while this relay holds the lock: takes it if it is free, and checks a held lock's connection at
     * most once per check interval. Never throws: an unreachable database means "not the holder".
     */
    boolean holds() {
        if (connection != null) {
            Instant now = Instant.now(clock);
            if (now.isBefore(checkedAt.plus(checkInterval))) {
                return true;
            }
            if (stillHeld()) {
                checkedAt = now;
                return true;
            }
            Log.warnf("Outbox: lost the relay lock (its connection, backend %d, is gone); standing by", backendPid);
            close();
            return false;
        }
        return tryAcquire();
    }

    /** The PostgreSQL backend pid of the lock's session while held, else 0 (the claim's fence checks it). */
    int backendPid() {
        return connection == null ? 0 : backendPid;
    }

    private boolean tryAcquire() {
        Connection candidate = null;
        try {
            candidate = new org.postgresql.Driver().connect(url, properties);
            if (candidate == null) {
                throw new SQLException("Not a PostgreSQL URL: " + url);
            }
            try (Statement settings = candidate.createStatement()) {
                // The server notices a silently vanished holder in about ten seconds, not hours.
                settings.execute("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 2;"
                        + " SET tcp_keepalives_count = 3");
            }
            try (PreparedStatement lock = candidate.prepareStatement(
                    "SELECT pg_try_advisory_lock(?), pg_backend_pid()")) {
                lock.setLong(1, KEY);
                try (ResultSet rs = lock.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        candidate.close();
                        return false;
                    }
                    backendPid = rs.getInt(2);
                }
            }
            connection = candidate;
            checkedAt = Instant.now(clock);
            Log.infof("Outbox: this replica is now the active outbox relay (lock session %d)", backendPid);
            return true;
        } catch (SQLException e) {
            Log.debugf("Outbox: cannot ask for the relay lock now: %s", e.toString());
            closeQuietly(candidate);
            return false;
        }
    }

    private boolean stillHeld() {
        try (PreparedStatement check = connection.prepareStatement("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND classid = 0 AND objid::bigint = ?""")) {
            check.setLong(1, KEY);
            try (ResultSet rs = check.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether the outbox has unsent rows, asked on the lock's own session: one index probe with no pool, transaction
     * or persistence context around it, so a relay round that would find nothing (most rounds of an idle service)
     * costs far less than the claiming transaction. True when it cannot be told: the round runs and finds out.
     */
    boolean anyUnsent() {
        if (connection == null) {
            return true;
        }
        try (PreparedStatement probe = connection.prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM outbox WHERE sent_at IS NULL)");
                ResultSet rs = probe.executeQuery()) {
            return !rs.next() || rs.getBoolean(1);
        } catch (SQLException e) {
            return true;
        }
    }

    /** Gives the lock up (closing its session releases it). */
    @Override
    public void close() {
        closeQuietly(connection);
        connection = null;
        backendPid = 0;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                Log.debugf("Outbox: closing the relay lock connection failed: %s", e.toString());
            }
        }
    }
}
