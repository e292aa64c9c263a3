package io.resellhub.module.service;

import java.util.Locale;

import io.quarkus.logging.Log;
import io.resellhub.commons.problem.ProblemException;
import io.resellhub.module.upstream.AccountBalance;
import io.resellhub.module.upstream.BillmanagerClient;
import io.resellhub.module.upstream.UpstreamConnection;
import io.resellhub.module.upstream.UpstreamException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks an upstream account for the processing-module API: a failure becomes a 422 problem that
 * says precisely what went wrong (credentials, not a BILLmanager, unreachable, timed out).
 */
@ApplicationScoped
public class UpstreamAccounts {

    private final BillmanagerClient client;

    public UpstreamAccounts(BillmanagerClient client) {
        this.client = client;
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

    /** The URL as stored and compared (the client's normalisation); a URL it cannot use is a field error. */
    public static String normalizeUrl(String url) {
        try {
            return BillmanagerClient.normalizeUrl(url);
        } catch (UpstreamException e) {
            throw ProblemException.invalid("integration.url", e.getMessage());
        }
    }

    private static ProblemException connectionFailed(UpstreamConnection connection, UpstreamException e) {
        Log.infof("Upstream check of %s as %s failed: %s", connection.url(), connection.username(), e.getMessage());
        return problemOf(e);
    }

    /** An upstream failure as a 422 problem whose type names the kind of failure ({@code /problems/upstream-timeout}). */
    public static ProblemException problemOf(UpstreamException e) {
        String slug = "upstream-" + e.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return ProblemException.unprocessable(slug, "Upstream call failed", e.getMessage());
    }
}
