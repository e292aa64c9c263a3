package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLayoutTest {

    @Test
    void theCredentialsKeyIsGeneratedOnceAndKept(@TempDir Path dir) throws Exception {
        LocalLayout layout = new LocalLayout(dir.resolve(".local"));
        layout.createDirectories();

        String key = layout.credentialsKey();

        assertEquals(32, Base64.getDecoder().decode(key).length);
        assertEquals(key + "\n", Files.readString(dir.resolve(".local/secrets/credentials-key")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.credentialsKeyFile())));
        assertEquals(key, new LocalLayout(dir.resolve(".local")).credentialsKey(), "reused by the next start");
    }

    @Test
    void aDamagedCredentialsKeyIsNotSilentlyReplaced(@TempDir Path dir) throws Exception {
        LocalLayout layout = new LocalLayout(dir);
        layout.createDirectories();
        Files.writeString(layout.credentialsKeyFile(), "too-short");

        IllegalStateException failure = assertThrows(IllegalStateException.class, layout::credentialsKey);

        assertTrue(failure.getMessage().contains("does not hold a base64 32-byte key"), failure.getMessage());
        assertEquals("too-short", Files.readString(layout.credentialsKeyFile()));
    }

    @Test
    void tokensAreWrittenOwnerOnly(@TempDir Path dir) throws Exception {
        LocalLayout layout = new LocalLayout(dir);

        layout.writeTokens("admin.jwt", "viewer.jwt");

        assertEquals("admin.jwt\n", Files.readString(dir.resolve("admin.token")));
        assertEquals("viewer.jwt\n", Files.readString(dir.resolve("viewer.token")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(layout.adminToken())));
    }

    @Test
    void theLayoutUnderTheStateDirectory(@TempDir Path dir) {
        LocalLayout layout = new LocalLayout(dir);
        layout.createDirectories();

        assertEquals(dir.resolve("postgres"), layout.postgresData());
        assertEquals(dir.resolve("kafka"), layout.kafkaData());
        assertEquals(dir.resolve("logs/gateway.log"), layout.log("gateway"));
        assertEquals(dir.resolve("jwt"), layout.jwt());
        for (Path path : new Path[] {layout.postgresData(), layout.kafkaData(), layout.logs(), layout.jwt()}) {
            assertTrue(Files.isDirectory(path), path.toString());
        }
    }

    @Test
    void aFreshLogKeepsThePreviousOne(@TempDir Path dir) throws Exception {
        LocalLayout layout = new LocalLayout(dir);
        layout.createDirectories();
        Files.writeString(layout.log("kafka"), "previous run");

        Path log = layout.freshLog("kafka");

        assertFalse(Files.exists(log));
        assertEquals("previous run", Files.readString(dir.resolve("logs/kafka.log.1")));
    }

    @Test
    void findsTheSimulatorJarInItsModuleTarget(@TempDir Path root) throws Exception {
        Path target = Files.createDirectories(root.resolve("deploy/billmanager-simulator/target"));
        Files.writeString(target.resolve("billmanager-simulator-1.0.0-SNAPSHOT-sources.jar"), "");
        Files.writeString(target.resolve("billmanager-simulator-1.0.0-SNAPSHOT.jar"), "");

        assertEquals(target.resolve("billmanager-simulator-1.0.0-SNAPSHOT.jar"), SimulatorJar.inModuleTarget(root).orElseThrow());
        assertTrue(SimulatorJar.inModuleTarget(root.resolve("elsewhere")).isEmpty());
    }
}
