package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {

    @Test
    void runsPostgres17FromTheLinuxAmd64Binaries() {
        String version = RealInfrastructure.postgres().serverVersion();

        assertTrue(version.startsWith("PostgreSQL 17.5 on x86_64-pc-linux-gnu"), version);
    }

    @Test
    void createsADatabaseOnceAndRunsQueriesInIt() throws Exception {
        PostgresServer postgres = RealInfrastructure.postgres();

        assertTrue(postgres.ensureDatabase("postgres_server_test"));
        assertFalse(postgres.ensureDatabase("postgres_server_test"));

        String url = postgres.jdbcUrl("postgres_server_test");
        assertEquals("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres_server_test", url);
        try (Connection connection = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE price (plan text PRIMARY KEY, amount numeric(19,4) NOT NULL)");
            statement.execute("INSERT INTO price VALUES ('vps-1', 12.5), ('vps-2', 20)");
            try (ResultSet result = statement.executeQuery(
                    "SELECT current_database(), sum(amount), count(*) FROM price")) {
                assertTrue(result.next());
                assertEquals("postgres_server_test", result.getString(1));
                assertEquals(0, new java.math.BigDecimal("32.5").compareTo(result.getBigDecimal(2)));
                assertEquals(2, result.getInt(3));
            }
        }
    }

    @Test
    void rejectsDatabaseNamesThatAreNotPlainIdentifiers() {
        PostgresServer postgres = RealInfrastructure.postgres();

        assertThrows(IllegalArgumentException.class, () -> postgres.ensureDatabase("x\"; DROP DATABASE postgres; --"));
        assertThrows(IllegalArgumentException.class, () -> postgres.jdbcUrl("Upper"));
    }

    @Test
    void aPersistentDataDirectoryIsReusedByTheNextStart(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("postgres");
        Path log = temp.resolve("logs/postgres.log");

        ProcessHandle firstPostmaster;
        try (PostgresServer first = PostgresServer.builder().dataDirectory(data).logFile(log).start()) {
            assertTrue(first.ensureDatabase("kept"));
            try (Connection connection = first.connect("kept"); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE note (text text)");
                statement.execute("INSERT INTO note VALUES ('still here')");
            }
            firstPostmaster = first.postmaster().orElseThrow();
        }
        assertTrue(firstPostmaster.onExit().get(10, TimeUnit.SECONDS).pid() > 0);
        assertFalse(firstPostmaster.isAlive());
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "data directory kept");
        assertTrue(Files.size(log) > 0, "server output in the log file");

        try (PostgresServer second = PostgresServer.builder().dataDirectory(data).logFile(log)
                .startupTimeout(Duration.ofSeconds(30)).start()) {
            assertFalse(second.ensureDatabase("kept"));
            try (Connection connection = second.connect("kept");
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT text FROM note")) {
                assertTrue(result.next());
                assertEquals("still here", result.getString(1));
            }
        }
    }

    @Test
    void closingATemporaryServerStopsItAndDeletesItsFiles() throws Exception {
        PostgresServer postgres = PostgresServer.startTemporary();
        Path data = postgres.dataDirectory().orElseThrow();
        ProcessHandle postmaster = postgres.postmaster().orElseThrow();
        assertTrue(Files.isDirectory(data));

        postgres.close();
        postgres.close(); // idempotent

        postmaster.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(data.getParent()), "temp directory deleted");
        assertFalse(Ports.isListening(postgres.port()));
    }
}
