package io.resellhub.localinfra;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The entry point of a child JVM that must not outlive its parent: runs {@code args[0]}'s {@code main}
 * with the remaining arguments, and exits as soon as its standard input reaches end-of-file. The parent
 * holds the write end of that pipe, and the kernel closes it when the parent dies, even on {@code kill -9}.
 *
 * <p>Only JDK classes here, and no nested classes: the class is copied as a single file next to the
 * child's data so that the child's class path does not depend on where this library was loaded from.
 */
public final class ParentWatchingMain {

    /** How long the JVM's shutdown hooks (Kafka's controlled shutdown) get once the parent is gone. */
    private static final long HALT_AFTER_MILLIS = 30_000;

    private ParentWatchingMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: ParentWatchingMain <main class> [args...]");
            System.exit(2);
        }
        Thread watcher = new Thread(ParentWatchingMain::exitWhenParentIsGone, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentIsGone() {
        try {
            byte[] buffer = new byte[256];
            while (System.in.read(buffer) >= 0) {
                // the parent never writes; anything it sends is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same: the parent is gone
        }
        System.err.println("[parent-watcher] standard input closed (the parent is stopping us, or is gone): shutting down");
        Thread halter = new Thread(ParentWatchingMain::haltLater, "parent-watcher-halt");
        halter.setDaemon(true);
        halter.start();
        System.exit(0);
    }

    private static void haltLater() {
        try {
            Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.err.println("[parent-watcher] shutdown took too long, halting");
        Runtime.getRuntime().halt(1);
    }
}
