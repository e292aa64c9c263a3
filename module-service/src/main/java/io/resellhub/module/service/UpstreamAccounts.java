package io.resellhub.module.service;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.module.upstream.AccountBalance;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConfig;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks an upstream account for the processing-module API: a failure becomes a 422 problem whose type
 * says what went wrong (credentials, not a BILLmanager, unreachable, timed out) and whose detail repeats
 * no more than the address the admin typed: no resolved address, TLS or socket detail (those go to the log).
 * Upstream URLs must be https, except loopback and the hosts listed in
 * {@code module-service.upstream.allowed-http-hosts}.
 */
@ApplicationScoped
public class UpstreamAccounts {

    private static final Pattern LOOPBACK = Pattern.compile(
            "localhost|127(\\.\\d{1,3}){3}|\\[?::1]?|\\[?0:0:0:0:0:0:0:1]?", Pattern.CASE_INSENSITIVE);

    private final BillmanagerClient client;
    private final Set<String> allowedHttpHosts;

    public UpstreamAccounts(BillmanagerClient client, UpstreamConfig config) {
        this.client = client;
        this.allowedHttpHosts = config.allowedHttpHosts().orElse(List.of()).stream()
                .map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).collect(Collectors.toSet());
    }

    /**
     * The URL as stored and compared (the client's normalisation); a URL it cannot use, or a plain http one
     * to a host that is neither loopback nor allowed, is a field error.
     */
    public String url(String raw) {
        String url = normalizeUrl(raw);
        URI uri = URI.create(url);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if ("http".equals(uri.getScheme()) && !LOOPBACK.matcher(host).matches() && !allowedHttpHosts.contains(host)) {
            throw ProblemException.invalid("integration.url", "must be an https URL: plain http is allowed only for"
                    + " loopback and the hosts an operator lists in module-service.upstream.allowed-http-hosts");
        }
        return url;
    }

    /** Who the credentials log in as; proves they work. */
    public String login(UpstreamConnection connection) {
        try {
            return client.whoami(connection).login();
        } catch (UpstreamException e) {
            throw connectionFailed(connection, e);
        }
    }

    /** The paying account's balance and currency; also proves the credentials work. */
    public AccountBalance check(UpstreamConnection connection) {
        try {
            return client.balance(connection);
        } catch (UpstreamException e) {
            throw connectionFailed(connection, e);
        }
    }

    private static String normalizeUrl(String url) {
        try {
            return BillmanagerClient.normalizeUrl(url);
        } catch (UpstreamException e) {
            throw ProblemException.invalid("integration.url", e.getMessage());
        }
    }

    private static ProblemException connectionFailed(UpstreamConnection connection, UpstreamException e) {
        Log.infof("Upstream check of %s as %s failed: %s", connection.url(), connection.username(), e.getMessage());
        return problemOf(e, connection.url());
    }

    /**
     * An upstream failure as a 422 problem whose type names the kind of failure ({@code /problems/upstream-timeout}),
     * with a detail built from the kind and the URL only.
     */
    public static ProblemException problemOf(UpstreamException e, String url) {
        return switch (e.kind()) {
            case AUTHENTICATION -> failed("upstream-authentication", "The upstream at " + url
                    + " rejected the username or password");
            case PERMISSION -> failed("upstream-permission", "The upstream account at " + url
                    + " may not do this, or is blocked");
            case NOT_BILLMANAGER -> failed("upstream-not-billmanager", "The URL " + url + " did not answer as a"
                    + " BILLmanager: check that it ends in /billmgr and that no proxy or login page answers instead");
            case UNREACHABLE, CIRCUIT_OPEN -> failed("upstream-unreachable", "The upstream at " + url
                    + " could not be reached: check the host, the port and http/https, or it is down");
            case TIMEOUT -> failed("upstream-timeout", "The upstream at " + url + " did not answer in time");
            default -> failed("upstream-error", "The upstream at " + url + " failed to answer the request;"
                    + " try again later");
        };
    }

    private static ProblemException failed(String slug, String detail) {
        return ProblemException.unprocessable(slug, "Upstream call failed", detail);
    }
}
