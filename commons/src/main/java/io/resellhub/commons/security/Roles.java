package io.resellhub.commons.security;

/**
 * The roles a token may carry in its {@code groups} claim, in the gateway and in every service behind it
 * (each verifies the same token: same public key, same issuer).
 */
public final class Roles {

    /** May do everything. */
    public static final String ADMIN = "admin";
    /** May only read. */
    public static final String VIEWER = "viewer";
    /**
     * A service calling another one on its own account (no caller's token at hand, e.g. a background import):
     * allowed only on the few endpoints another service needs.
     */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
