package io.resellhub.gateway.security;

/** The roles a token may carry in its {@code groups} claim. */
public final class Roles {

    /** May do everything. */
    public static final String ADMIN = "admin";
    /** May only read. */
    public static final String VIEWER = "viewer";

    private Roles() {
    }
}
