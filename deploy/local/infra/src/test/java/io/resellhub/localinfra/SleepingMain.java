package io.resellhub.localinfra;

/** A child "server" for {@link ParentWatchingMainTest}: sleeps until it is stopped. */
public final class SleepingMain {

    private SleepingMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping " + String.join(" ", args));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
