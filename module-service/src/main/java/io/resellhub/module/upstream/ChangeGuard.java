package io.resellhub.module.upstream;

import java.util.Objects;

/**
 * How one changing call (order, renewal, suspend, resume, close) protects itself.
 *
 * @param checkFirst   look upstream first whether the change already happened (a service carrying our
 *                     note; an expiry date that moved) and do nothing more if it did; needed whenever an
 *                     earlier attempt may have reached the upstream
 * @param beforeChange runs right before every request that changes upstream state and throws to stop it
 *                     (a provisioning worker confirms there that its claim is still current)
 */
public record ChangeGuard(boolean checkFirst, Runnable beforeChange) {

    public ChangeGuard {
        Objects.requireNonNull(beforeChange, "beforeChange");
    }

    /** Looks first when {@code checkFirst}; nothing runs before the change. */
    public static ChangeGuard of(boolean checkFirst) {
        return new ChangeGuard(checkFirst, () -> {
        });
    }
}
