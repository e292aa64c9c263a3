package io.resellhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL 17 server from the zonky embedded binaries (linux-amd64 17.5.0, unpacked from a jar on
 * the class path), listening on 127.0.0.1.
 *
 * <p>Either persistent ({@link Builder#dataDirectory}: the directory is kept, and a second start reuses its
 * databases) or temporary ({@link #startTemporary()}: a temp directory deleted on {@link #close()}).
 * Authentication is {@code trust} on the loopback address: {@link #USERNAME} is the superuser and any
 * password, {@link #PASSWORD} included, is accepted. When run as root, zonky starts the server inside a
 * user namespace ({@code unshare -U}), since PostgreSQL refuses to run as root.
 *
 * <p>The postmaster is started by {@code pg_ctl}, so it is no child of this JVM: it is registered with the
 * {@link ProcessWatchdog}, which stops it if this JVM dies without closing it.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final EmbeddedPostgres postgres;
    private final int port;
    private final Path dataDirectory;
    private final Path logFile;
    private final Path temporaryRoot;
    private final ProcessHandle postmaster;
    private final ProcessWatchdog watchdog;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresServer(EmbeddedPostgres postgres, int port, Path dataDirectory, Path logFile,
            Path temporaryRoot, ProcessHandle postmaster, ProcessWatchdog watchdog, Duration startupTime) {
        this.postgres = postgres;
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.temporaryRoot = temporaryRoot;
        this.postmaster = postmaster;
        this.watchdog = watchdog;
        this.startupTime = startupTime;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a throw-away server on a free port, in a temp directory that {@link #close()} deletes. */
    public static PostgresServer startTemporary() {
        return builder().start();
    }

    /**
     * A handle on a server that someone else in this JVM started (another class loader); {@link #close()}
     * does nothing.
     */
    static PostgresServer attach(int port) {
        return new PostgresServer(null, port, null, null, null, null, null, Duration.ZERO);
    }

    public String host() {
        return Ports.LOOPBACK;
    }

    public int port() {
        return port;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + requireDatabaseName(database);
    }

    /** The data directory, or empty for a handle attached to a server started elsewhere. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** Where the server's own output goes (initdb, pg_ctl, the server log). */
    public Optional<Path> logFile() {
        return Optional.ofNullable(logFile);
    }

    /** The postmaster process, while known and alive. */
    public Optional<ProcessHandle> postmaster() {
        return Optional.ofNullable(postmaster).filter(ProcessHandle::isAlive);
    }

    /** How long {@link Builder#start()} took, including initdb on a first start. */
    public Duration startupTime() {
        return startupTime;
    }

    /** A new connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USERNAME);
        properties.setProperty("password", PASSWORD);
        // The driver directly, not DriverManager: it may not see drivers of other class loaders.
        Connection connection = new org.postgresql.Driver().connect(jdbcUrl(database), properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver did not accept " + jdbcUrl(database));
        }
        return connection;
    }

    /** The server's {@code version()}, e.g. {@code PostgreSQL 17.5 on x86_64-pc-linux-gnu, ...}. */
    public String serverVersion() {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT version()")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query the PostgreSQL version", e);
        }
    }

    /** The server's version number, e.g. {@code 17.5}. */
    public String versionNumber() {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not query the PostgreSQL version", e);
        }
    }

    /**
     * Creates database {@code name} unless it exists.
     *
     * @return true if it was created now
     */
    public boolean ensureDatabase(String name) {
        requireDatabaseName(name);
        try (Connection connection = connect("postgres")) {
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet result = exists.executeQuery()) {
                    if (result.next()) {
                        return false;
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
                return true;
            } catch (SQLException e) {
                if ("42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + jdbcUrl("postgres"), e);
        }
    }

    /** Stops the server (fast shutdown) and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (postgres == null || closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            System.err.println("[local-infra] pg_ctl stop failed: " + e);
        }
        if (postmaster != null && postmaster.isAlive()) {
            postmaster.destroy();
            try {
                postmaster.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                postmaster.destroyForcibly();
            }
        }
        if (postmaster != null) {
            watchdog.forget(postmaster.pid());
        }
        if (temporaryRoot != null) {
            deleteRecursively(temporaryRoot);
            watchdog.keep(temporaryRoot);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on " + host() + ":" + port;
    }

    private static String requireDatabaseName(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a plain database name (lower case, digits, _): " + name);
        }
        return name;
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("[local-infra] could not delete " + root + ": " + e.getMessage());
        }
    }

    /** Settings for a server; {@link #start()} starts it and waits until it accepts connections. */
    public static final class Builder {

        private int port;
        private Path dataDirectory;
        private Path logFile;
        private Duration startupTimeout = Duration.ofSeconds(60);
        private final Map<String, String> serverConfig = new LinkedHashMap<>();

        private Builder() {
        }

        /** The port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * A persistent data directory: created (initdb) on the first start, reused after. Without one, a
         * temp directory is used and deleted on close.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Where initdb, pg_ctl and the server write their output (appended). */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** A {@code postgresql.conf} setting passed on the command line, e.g. {@code max_connections}. */
        public Builder serverConfig(String key, String value) {
            serverConfig.put(key, value);
            return this;
        }

        public PostgresServer start() {
            Stopwatch stopwatch = Stopwatch.start();
            ProcessWatchdog watchdog = ProcessWatchdog.shared();
            boolean temporary = dataDirectory == null;
            try {
                Path temporaryRoot = temporary ? Files.createTempDirectory("resellhub-postgres-") : null;
                if (temporary) {
                    watchdog.deleteIfOrphaned(temporaryRoot);
                }
                Path data = temporary ? temporaryRoot.resolve("data") : dataDirectory.toAbsolutePath();
                Path log = logFile != null ? logFile.toAbsolutePath()
                        : temporary ? temporaryRoot.resolve("postgres.log") : data.resolveSibling("postgres.log");
                Files.createDirectories(data);
                Files.createDirectories(log.getParent());
                int actualPort = port == 0 ? Ports.freePort() : port;

                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setPort(actualPort)
                        .setDataDirectory(data)
                        .setCleanDataDirectory(temporary)
                        .setRegisterShutdownHook(false)
                        .setPGStartupWait(startupTimeout)
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .setServerConfig("listen_addresses", Ports.LOOPBACK);
                if (temporary) {
                    // Throw-away data: durability buys nothing but time.
                    builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
                }
                serverConfig.forEach(builder::setServerConfig);

                EmbeddedPostgres postgres;
                try {
                    postgres = builder.start();
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("PostgreSQL did not start on " + Ports.LOOPBACK + ":"
                            + actualPort + " (data " + data + "). Last lines of " + log + ":"
                            + System.lineSeparator() + LogFiles.tailBlock(log, 20), e);
                }
                ProcessHandle postmaster = readPostmasterPid(data).flatMap(ProcessHandle::of).orElse(null);
                if (postmaster != null) {
                    watchdog.watch(postmaster.pid(), "INT"); // SIGINT = fast shutdown
                }
                return new PostgresServer(postgres, actualPort, data, log, temporaryRoot, postmaster, watchdog,
                        stopwatch.elapsed());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not prepare the PostgreSQL directories", e);
            }
        }

        private static Optional<Long> readPostmasterPid(Path data) {
            try {
                List<String> lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8);
                return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        }
    }
}
