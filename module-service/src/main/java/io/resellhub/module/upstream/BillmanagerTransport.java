package io.resellhub.module.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.net.ssl.SSLException;

import io.quarkus.logging.Log;

/**
 * One upstream call on the wire: the POST itself, authentication (authinfo or session with one
 * re-login), the overall read deadline, the account's fault-tolerance guard ({@link UpstreamGuards}:
 * breaker, bulkhead, timeout, retries of reads), the mapping of every failure to an
 * {@link UpstreamException}, and the DEBUG log line of every exchange.
 */
final class BillmanagerTransport {

    /** Closes answers that are still being read when their deadline passes (a slow or stalled body). */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "billmanager-read-deadline");
        thread.setDaemon(true);
        return thread;
    });

    /** A non-200 answer is read only this far, to look for an error envelope. */
    private static final int MAX_ERROR_BODY = 256 * 1024;

    /** After the document, at most this much is read to let the connection be reused. */
    private static final long MAX_DRAIN = 64 * 1024;

    private final UpstreamConfig config;
    private final HttpClient http;
    private final UpstreamGuards guards;
    private final Map<SessionKey, String> sessions = new ConcurrentHashMap<>();

    BillmanagerTransport(UpstreamConfig config) {
        this.config = config;
        this.guards = new UpstreamGuards(config);
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** One function call: where, as whom, which function with which parameters (never credentials). */
    static final class Call {

        final UpstreamUrl url;
        final UpstreamConnection connection;
        final String func;
        final Map<String, String> params = new LinkedHashMap<>();

        Call(UpstreamUrl url, UpstreamConnection connection, String func) {
            this.url = url;
            this.connection = connection;
            this.func = func;
        }

        Call param(String name, String value) {
            if (value != null) {
                params.put(name, value);
            }
            return this;
        }

        @Override
        public String toString() {
            return "func=" + func + " at " + url;
        }
    }

    /** A call that changes nothing: retried with back-off on transient failures (see {@link UpstreamGuards}). */
    <T> T read(Call call, Supplier<AnswerHandler<T>> handlers) {
        return guards.read(call.url, call.connection.username(), () -> authenticated(call, handlers));
    }

    /** A call that changes upstream state: sent once, never retried here. */
    <T> T change(Call call, Supplier<AnswerHandler<T>> handlers) {
        return guards.change(call.url, call.connection.username(), () -> authenticated(call, handlers));
    }

    // ---- authentication -----------------------------------------------------------------------------

    private <T> T authenticated(Call call, Supplier<AnswerHandler<T>> handlers) {
        UpstreamConnection connection = call.connection;
        if (config.authMode() == UpstreamConfig.AuthMode.AUTHINFO) {
            Map<String, String> form = form(call);
            form.put("authinfo", connection.username() + ":" + connection.password());
            return exchange(call, form, handlers.get(), Redaction.of(connection, null));
        }
        SessionKey key = new SessionKey(call.url.toString(), connection.username(), connection.password());
        String sid = sessions.get(key);
        boolean fresh = false;
        if (sid == null) {
            sid = login(call, key);
            fresh = true;
        }
        try {
            return exchange(call, sessionForm(call, sid), handlers.get(), Redaction.of(connection, sid));
        } catch (UpstreamRejectedException e) {
            if (e.kind() != UpstreamFailureKind.AUTHENTICATION || fresh) {
                throw e;
            }
            sessions.remove(key, sid);
            Log.debugf("BILLmanager session of %s at %s is no longer valid; logging in again", connection.username(),
                    call.url);
            String renewed = login(call, key);
            return exchange(call, sessionForm(call, renewed), handlers.get(), Redaction.of(connection, renewed));
        }
    }

    private Map<String, String> sessionForm(Call call, String sid) {
        Map<String, String> form = form(call);
        form.put("auth", sid);
        return form;
    }

    /**
     * {@code func=auth}; the session id is cached per URL and credentials. It runs before the call it
     * serves, so a failure here means that call was not sent: its outcome is known (reads retry it whole).
     */
    private String login(Call call, SessionKey key) {
        UpstreamConnection connection = call.connection;
        Call auth = new Call(call.url, connection, "auth");
        Map<String, String> form = form(auth);
        form.put("username", connection.username());
        form.put("password", connection.password());
        try {
            String sid = exchange(auth, form, doc -> sessionId(auth, doc), Redaction.of(connection, null));
            sessions.put(key, sid);
            return sid;
        } catch (UpstreamUnavailableException e) {
            throw new UpstreamUnavailableException(e.kind(), e.getMessage(), e.transientFailure(), false, e.getCause());
        } catch (NotBillmanagerException e) {
            throw new NotBillmanagerException(e.getMessage(), false, e.getCause());
        }
    }

    private static String sessionId(Call auth, Node doc) {
        Node node = doc.child("auth");
        String sid = node == null ? null : node.value("id");
        if (sid == null && node != null && node.text() != null && !node.text().isBlank()) {
            sid = node.text().trim();
        }
        if (sid == null) {
            throw protocol(auth, "answered func=auth without a session id");
        }
        return sid;
    }

    private Map<String, String> form(Call call) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("func", call.func);
        form.putAll(call.params);
        form.put("out", config.outputFormat().code());
        form.put("lang", config.lang());
        return form;
    }

    /** Forget cached sessions and breaker states (tests; an operator changing a module's credentials). */
    void reset() {
        sessions.clear();
        guards.reset();
    }

    String circuitState(UpstreamUrl url, String username) {
        return guards.circuitState(url, username);
    }

    // ---- one exchange -------------------------------------------------------------------------------

    private <T> T exchange(Call call, Map<String, String> form, AnswerHandler<T> handler, Redaction redaction) {
        long start = System.nanoTime();
        UpstreamException failure = null;
        try {
            return send(call, form, handler, redaction, start);
        } catch (UpstreamException e) {
            failure = e;
            throw e;
        } finally {
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String outcome = failure == null ? "ok" : failure.kind() + " (" + failure.getMessage() + ")";
            Log.debugf("BILLmanager %s at %s as %s: %s in %d ms [%s]", call.func, call.url, call.connection.username(),
                    redaction.scrub(outcome), ms, redaction.describe(form));
        }
    }

    private <T> T send(Call call, Map<String, String> form, AnswerHandler<T> handler, Redaction redaction, long start) {
        Duration readTimeout = config.readTimeout();
        HttpRequest request = HttpRequest.newBuilder(call.url.uri())
                .timeout(readTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("User-Agent", "resellhub-module-service")
                .POST(HttpRequest.BodyPublishers.ofString(Redaction.formBody(form)))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw unavailable(redaction, UpstreamFailureKind.TIMEOUT, "Could not connect to " + call.url.hostPort()
                    + " within " + seconds(config.connectTimeout()) + ": check the host and port, or the upstream is down",
                    true, false, e);
        } catch (HttpTimeoutException e) {
            throw timeout(call, redaction, e);
        } catch (IOException e) {
            throw transportFailure(call, redaction, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "Interrupted while waiting for " + call.url
                    + " to answer func=" + call.func, true, true, e);
        }

        InputStream body = response.body();
        AtomicBoolean deadlinePassed = new AtomicBoolean();
        long remaining = readTimeout.toNanos() - (System.nanoTime() - start);
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
            deadlinePassed.set(true);
            closeQuietly(body);
        }, Math.max(remaining, 1L), TimeUnit.NANOSECONDS);
        try {
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                String location = response.headers().firstValue("Location").map(BillmanagerTransport::withoutQuery)
                        .orElse("elsewhere");
                throw notBillmanager(call, redaction, "answered with a redirect (HTTP " + status + ") to " + location
                        + ", not BILLmanager: check http/https and that the URL ends in /billmgr", null);
            }
            if (status != 200) {
                throw statusFailure(call, redaction, status, body);
            }
            T result = AnswerParser.parse(body, handler);
            drainQuietly(body);
            return result;
        } catch (AnswerParser.ErrorAnswer e) {
            drainQuietly(body);
            throw rejected(call, redaction, e);
        } catch (AnswerParser.MalformedAnswer e) {
            if (deadlinePassed.get()) {
                throw timeout(call, redaction, null);
            }
            throw malformed(call, redaction, e);
        } catch (IOException e) {
            if (deadlinePassed.get()) {
                throw timeout(call, redaction, e);
            }
            throw unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "The connection to " + call.url.hostPort()
                    + " was lost while reading the answer to func=" + call.func + " (" + describe(e) + ")", true, true, e);
        } finally {
            deadline.cancel(false);
            closeQuietly(body);
        }
    }

    /** A non-200 status: an error envelope still wins; otherwise 5xx is transient and anything else a wrong URL. */
    private UpstreamException statusFailure(Call call, Redaction redaction, int status, InputStream body) {
        try {
            byte[] head = body.readNBytes(MAX_ERROR_BODY);
            AnswerParser.parse(new java.io.ByteArrayInputStream(head), doc -> null);
        } catch (AnswerParser.ErrorAnswer e) {
            return rejected(call, redaction, e);
        } catch (AnswerParser.MalformedAnswer | IOException | RuntimeException e) {
            // not an envelope: the status decides
        }
        if (status >= 500) {
            return unavailable(redaction, UpstreamFailureKind.UPSTREAM_ERROR, "The URL " + call.url + " answered HTTP "
                    + status + " to func=" + call.func + ": the upstream or a proxy in front of it failed", true, true, null);
        }
        String hint = status == 404 ? "check the URL ends in /billmgr" : "check the URL and that no proxy or login page is in front of BILLmanager";
        return notBillmanager(call, redaction, "answered HTTP " + status + ", not BILLmanager: " + hint, null);
    }

    private UpstreamException malformed(Call call, Redaction redaction, AnswerParser.MalformedAnswer e) {
        switch (e.reason()) {
            case TRUNCATED:
                return unavailable(redaction, UpstreamFailureKind.UPSTREAM_ERROR, "The answer of " + call.url
                        + " to func=" + call.func + " was cut off (" + e.getMessage()
                        + "): the upstream or the network dropped it", true, true, null);
            case HTML:
                return notBillmanager(call, redaction, "answered an HTML page, not BILLmanager: check the URL ends in "
                        + "/billmgr and that no login page or proxy answers instead", null);
            case EMPTY:
                return notBillmanager(call, redaction, "answered an empty body, not BILLmanager: check the URL ends in /billmgr",
                        null);
            default:
                return notBillmanager(call, redaction, "answered " + e.getMessage()
                        + ", not a BILLmanager document: check the URL ends in /billmgr", null);
        }
    }

    private UpstreamException transportFailure(Call call, Redaction redaction, IOException e) {
        Throwable ssl = find(e, SSLException.class);
        if (ssl != null) {
            return unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "TLS handshake with " + call.url.hostPort()
                    + " failed (" + describe(ssl) + "): check http/https in the URL and the server's certificate",
                    false, false, e);
        }
        if (find(e, UnresolvedAddressException.class) != null || find(e, UnknownHostException.class) != null) {
            return unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "Unknown host " + call.url.host()
                    + ": check the URL", true, false, e);
        }
        if (e instanceof ConnectException || find(e, ConnectException.class) != null) {
            return unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "Connection refused by "
                    + call.url.hostPort() + ": check the host and port, or the upstream is down", true, false, e);
        }
        return unavailable(redaction, UpstreamFailureKind.UNREACHABLE, "The connection to " + call.url.hostPort()
                + " was lost before it answered func=" + call.func + " (" + describe(e) + ")", true, true, e);
    }

    private UpstreamException timeout(Call call, Redaction redaction, Exception cause) {
        return unavailable(redaction, UpstreamFailureKind.TIMEOUT, "Timed out after " + seconds(config.readTimeout())
                + " waiting for " + call.url + " to answer func=" + call.func, true, true, cause);
    }

    private UpstreamRejectedException rejected(Call call, Redaction redaction, AnswerParser.ErrorAnswer e) {
        String type = e.type() == null ? "" : e.type().trim().toLowerCase(Locale.ROOT);
        String msg = redaction.scrub(e.upstreamMessage());
        String object = redaction.scrub(e.object());
        String said = msg == null ? "" : ": " + msg;
        UpstreamFailureKind kind;
        String message;
        switch (type) {
            case "auth":
                kind = UpstreamFailureKind.AUTHENTICATION;
                message = "Wrong username or password for '" + call.connection.username() + "' at " + call.url + said;
                break;
            case "access":
                kind = UpstreamFailureKind.PERMISSION;
                message = "The upstream account '" + call.connection.username() + "' may not call func=" + call.func
                        + " or is blocked" + said;
                break;
            case "missed":
                kind = UpstreamFailureKind.VALIDATION;
                message = "The upstream wants parameter '" + object + "' for func=" + call.func + said;
                break;
            case "value":
                kind = UpstreamFailureKind.VALIDATION;
                message = "The upstream rejected the value of '" + object + "' for func=" + call.func + said;
                break;
            case "exists":
                kind = UpstreamFailureKind.CONFLICT;
                message = "The upstream says it already exists (func=" + call.func + ")" + said;
                break;
            case "notfound":
                kind = UpstreamFailureKind.NOT_FOUND;
                message = "The upstream has no such object for this account (func=" + call.func
                        + (call.params.containsKey("elid") ? ", elid=" + call.params.get("elid") : "") + ")" + said;
                break;
            case "money":
                kind = UpstreamFailureKind.INSUFFICIENT_BALANCE;
                message = "The upstream balance of '" + call.connection.username() + "' cannot pay (func=" + call.func
                        + "); top up the upstream account" + said;
                break;
            case "unavailable":
                kind = UpstreamFailureKind.PLAN_UNAVAILABLE;
                message = "The upstream plan cannot be ordered now (func=" + call.func + ")" + said;
                break;
            default:
                kind = UpstreamFailureKind.UPSTREAM_ERROR;
                message = "The upstream failed func=" + call.func + " with error type '" + redaction.scrub(e.type()) + "'"
                        + said;
        }
        return new UpstreamRejectedException(kind, e.type(), redaction.scrub(message), msg, object);
    }

    private static UpstreamUnavailableException unavailable(Redaction redaction, UpstreamFailureKind kind,
            String message, boolean transientFailure, boolean outcomeUnknown, Throwable cause) {
        return new UpstreamUnavailableException(kind, redaction.scrub(message), transientFailure, outcomeUnknown, cause);
    }

    private static NotBillmanagerException notBillmanager(Call call, Redaction redaction, String what, Throwable cause) {
        return new NotBillmanagerException(redaction.scrub("The URL " + call.url + " " + what), true, cause);
    }

    /** An answer that is BILLmanager-shaped but lacks what this function must return. */
    static NotBillmanagerException protocol(Call call, String what) {
        return new NotBillmanagerException("The URL " + call.url + " " + what
                + ": it does not answer like the BILLmanager this client knows", true, null);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String withoutQuery(String location) {
        int cut = location.indexOf('?');
        return cut < 0 ? location : location.substring(0, cut);
    }

    /** Reads what follows the document (a newline, usually) so the connection goes back to the pool. */
    private static void drainQuietly(InputStream in) {
        try {
            byte[] buffer = new byte[8192];
            long left = MAX_DRAIN;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException ignored) {
            // the answer is complete; a connection that cannot be reused is simply closed
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the answer is abandoned anyway
        }
    }

    /** Cache key of a session; never prints the password. */
    private static final class SessionKey {

        private final String url;
        private final String username;
        private final String password;

        SessionKey(String url, String username, String password) {
            this.url = url;
            this.username = username;
            this.password = password;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SessionKey)) {
                return false;
            }
            SessionKey other = (SessionKey) o;
            return url.equals(other.url) && username.equals(other.username) && password.equals(other.password);
        }

        @Override
        public int hashCode() {
            return Objects.hash(url, username, password);
        }

        @Override
        public String toString() {
            return username + "@" + url;
        }
    }
}
