package io.resellhub.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the tests: POST forms (as our real client does) or GET queries. */
final class SimClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final BillmanagerSimulator simulator;

    SimClient(BillmanagerSimulator simulator) {
        this.simulator = simulator;
    }

    /** POSTs {@code namesAndValues} as a form to {@code /billmgr}. */
    HttpResponse<String> post(String... namesAndValues) throws IOException {
        return send(HttpRequest.newBuilder(simulator.baseUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(namesAndValues))), Duration.ofSeconds(10));
    }

    HttpResponse<String> postWithTimeout(Duration timeout, String... namesAndValues) throws IOException {
        return send(HttpRequest.newBuilder(simulator.baseUri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(namesAndValues))), timeout);
    }

    /** GETs {@code /billmgr?namesAndValues}. */
    HttpResponse<String> get(String... namesAndValues) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "?" + form(namesAndValues))).GET(),
                Duration.ofSeconds(10));
    }

    /** Calls {@code func} with per-request authentication and {@code lang=en}, reading the answer in {@code format}. */
    Answer call(DocFormat format, String func, String... namesAndValues) {
        List<String> all = new ArrayList<>(List.of("func", func, "out", format.code(), "lang", "en",
                "authinfo", simulator.authinfo()));
        all.addAll(List.of(namesAndValues));
        try {
            HttpResponse<String> response = post(all.toArray(new String[0]));
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
            }
            return Answer.parse(format, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Answer call(String func, String... namesAndValues) {
        return call(DocFormat.JSON, func, namesAndValues);
    }

    /** POSTs to the admin API with an optional JSON body. */
    HttpResponse<String> admin(String method, String pathAndQuery, String jsonBody) throws IOException {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.adminUrl() + pathAndQuery))
                .method(method, body);
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) throws IOException {
        try {
            return HTTP.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            if (form.length() > 0) {
                form.append('&');
            }
            form.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }
}
