package io.resellhub.gateway.security;

/** The roles a token may carry in its {@code groups} claim (commons' {@link io.resellhub.commons.security.Roles}). */
public final class Roles {

    /** May do everything. */
    public static final String ADMIN = io.resellhub.commons.security.Roles.ADMIN;
    /** May only read. */
    public static final String VIEWER = io.resellhub.commons.security.Roles.VIEWER;

    private Roles() {
    }
}
