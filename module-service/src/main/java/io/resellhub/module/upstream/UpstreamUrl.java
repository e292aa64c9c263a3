package io.resellhub.module.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An upstream endpoint, normalised as the API doc asks: scheme defaults to https, the trailing slash
 * goes, {@code /billmgr} is appended when missing; user info, query and fragment are dropped (so a
 * password typed into the URL never travels or shows).
 */
final class UpstreamUrl {

    private static final String ENDPOINT = "/billmgr";

    private final URI uri;
    private final String text;
    private final String hostPort;

    private UpstreamUrl(URI uri) {
        this.uri = uri;
        this.text = uri.toString();
        int port = uri.getPort() != -1 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
        this.hostPort = uri.getHost() + ":" + port;
    }

    /** @throws NotBillmanagerException when {@code raw} is not an http(s) URL */
    static UpstreamUrl of(String raw) {
        if (raw == null || raw.isBlank()) {
            throw invalid(null, "is empty");
        }
        String candidate = raw.trim();
        if (!candidate.contains("://")) {
            candidate = "https://" + candidate;
        }
        URI parsed;
        try {
            parsed = new URI(candidate);
        } catch (URISyntaxException e) {
            throw invalid(raw, "is not a valid URL");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(raw, "is not an http or https URL");
        }
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw invalid(raw, "has no host");
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(ENDPOINT)) {
            path = path + ENDPOINT;
        }
        try {
            return new UpstreamUrl(new URI(scheme, null, parsed.getHost().toLowerCase(Locale.ROOT), parsed.getPort(),
                    path, null, null));
        } catch (URISyntaxException e) {
            throw invalid(raw, "is not a valid URL");
        }
    }

    private static NotBillmanagerException invalid(String raw, String problem) {
        // a URL with user info may hold a password: name it only when it has none
        String shown = raw == null || raw.contains("@") ? "" : " '" + raw.trim() + "'";
        return new NotBillmanagerException("The upstream URL" + shown + " " + problem
                + ": enter the BILLmanager address, e.g. https://my.example.com/billmgr", false, null);
    }

    URI uri() {
        return uri;
    }

    String host() {
        return uri.getHost();
    }

    /** {@code host:port} with the scheme's default port filled in, for messages. */
    String hostPort() {
        return hostPort;
    }

    @Override
    public String toString() {
        return text;
    }
}
