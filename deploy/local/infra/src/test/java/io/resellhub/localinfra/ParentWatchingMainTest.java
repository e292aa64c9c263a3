package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ParentWatchingMainTest {

    @Test
    void theChildExitsWhenItsStandardInputCloses() throws Exception {
        Process child = new ProcessBuilder(List.of(ChildProcesses.javaExecutable(), "-cp",
                System.getProperty("java.class.path"), ParentWatchingMain.class.getName(),
                SleepingMain.class.getName(), "a", "b"))
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("sleeping a b", output.readLine(), "the target main ran with the remaining arguments");
            assertTrue(child.isAlive());

            child.getOutputStream().close(); // what the kernel does when the parent dies

            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child exited");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
        }
    }
}
