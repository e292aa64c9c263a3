package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ProcessWatchdogTest {

    @Test
    void whenTheOwnerIsGoneWatchedProcessesAreStoppedAndDirectoriesDeleted() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        Path dir = Files.createTempDirectory("watchdog test ");
        Files.writeString(dir.resolve("file"), "x");
        ProcessWatchdog watchdog = ProcessWatchdog.start();
        watchdog.watch(sleeper.pid(), "TERM");
        watchdog.deleteIfOrphaned(dir);

        watchdog.abandon();

        assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS), "watched process stopped");
        assertTrue(watchdog.handle().onExit().get(10, TimeUnit.SECONDS) != null);
        assertFalse(Files.exists(dir), "directory deleted");
    }

    @Test
    void forgottenProcessesAndKeptDirectoriesAreLeftAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        Path dir = Files.createTempDirectory("watchdog-test-");
        try {
            ProcessWatchdog watchdog = ProcessWatchdog.start();
            watchdog.watch(sleeper.pid(), "TERM");
            watchdog.deleteIfOrphaned(dir);
            watchdog.forget(sleeper.pid());
            watchdog.keep(dir);

            watchdog.abandon();
            watchdog.handle().onExit().get(10, TimeUnit.SECONDS);

            assertTrue(sleeper.isAlive());
            assertTrue(Files.exists(dir));
        } finally {
            sleeper.destroyForcibly();
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void aGoodbyeLeavesEverythingAlone() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "300").start();
        try {
            ProcessWatchdog watchdog = ProcessWatchdog.start();
            watchdog.watch(sleeper.pid(), "TERM");

            watchdog.close();

            assertFalse(watchdog.handle().isAlive());
            assertTrue(sleeper.isAlive());
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
