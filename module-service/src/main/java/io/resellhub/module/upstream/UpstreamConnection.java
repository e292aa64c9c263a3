package io.resellhub.module.upstream;

import java.util.Objects;

/**
 * Where and as whom to call an upstream BILLmanager. The URL is normalised by the client (trailing
 * slash, missing {@code /billmgr}); the password only ever travels in a POST body.
 *
 * @param url      the upstream endpoint, e.g. {@code https://my.example.com/billmgr}
 * @param username the upstream account's login (may be logged)
 * @param password its password (never logged, never printed)
 */
public record UpstreamConnection(String url, String username, String password) {

    public UpstreamConnection {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "UpstreamConnection[url=" + url + ", username=" + username + ", password=***]";
    }
}
