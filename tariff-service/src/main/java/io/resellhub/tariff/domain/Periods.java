package io.resellhub.tariff.domain;

/** BILLmanager period codes: -100 trial, -50 daily, 0 lifetime, N months. Only 0 and N > 0 can be sold. */
public final class Periods {

    public static final int TRIAL = -100;
    public static final int DAILY = -50;

    private Periods() {
    }

    public static boolean isSellable(int period) {
        return period >= 0;
    }

    public static String describe(int period) {
        if (period == TRIAL) {
            return "trial (-100)";
        }
        if (period == DAILY) {
            return "daily (-50)";
        }
        if (period == 0) {
            return "lifetime (0)";
        }
        return period + " month(s)";
    }
}
