package io.resellhub.kubernetes;

import java.util.List;

/** Tests collect every problem first and fail once, listing them all. */
final class Problems {

    private Problems() {
    }

    static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
    }
}
