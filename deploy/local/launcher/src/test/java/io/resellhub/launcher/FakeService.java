package io.resellhub.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Quarkus service's {@code quarkus-run.jar} in {@link LocalStackTest}: records its environment
 * in {@code fake-env-<HTTP_PORT>.txt} in its working directory, then behaves as {@code fake-mode} there says:
 * {@code ok} (the default) serves {@code /q/health/ready} with 200 on {@code MANAGEMENT_PORT} (as Quarkus' management
 * interface does), {@code crash} exits with code 3 at once, {@code never-ready} answers 503. {@code /exit} on
 * {@code HTTP_PORT} makes it exit with code 7.
 */
public final class FakeService {

    private FakeService() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        Path modeFile = dir.resolve("fake-mode");
        String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "ok";
        StringBuilder env = new StringBuilder();
        for (Map.Entry<String, String> entry : new TreeMap<>(System.getenv()).entrySet()) {
            env.append(entry.getKey()).append('=').append(entry.getValue().replace('\n', ' ')).append('\n');
        }
        // Replicas of a service share its working directory: one file per HTTP port.
        Files.writeString(dir.resolve("fake-env-" + System.getenv("HTTP_PORT") + ".txt"), env);
        System.out.println("fake service starting in mode " + mode);
        if (mode.equals("crash")) {
            System.err.println("fatal: cannot connect to the database");
            System.exit(3);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv("HTTP_PORT"))), 0);
        HttpServer management = HttpServer.create(
                new InetSocketAddress(Integer.parseInt(System.getenv("MANAGEMENT_PORT"))), 0);
        management.createContext("/q/health/ready", exchange -> answer(exchange,
                mode.equals("never-ready") ? 503 : 200,
                "{\"status\":\"" + (mode.equals("never-ready") ? "DOWN" : "UP") + "\"}"));
        server.createContext("/exit", exchange -> {
            answer(exchange, 200, "bye");
            System.out.println("exiting on request");
            System.out.flush();
            Runtime.getRuntime().halt(7);
        });
        server.start();
        management.start();
        System.out.println("listening");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
