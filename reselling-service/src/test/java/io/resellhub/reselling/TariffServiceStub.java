package io.resellhub.reselling;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.resellhub.localinfra.Ports;
import io.resellhub.localinfra.RealInfrastructure;

/**
 * tariff-service stand-in for {@code POST /tariffs/current}, the one call enabling makes (one per test JVM). By
 * default it answers what this service's read model holds (tariff-service and the projection agree); a test
 * that needs them to differ sets a tariff's state in tariff-service with {@link #current}, or takes the stand-in
 * {@link #down}.
 */
public class TariffServiceStub implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<UUID, Map<String, Object>> CURRENT = new ConcurrentHashMap<>();
    private static volatile boolean down;
    private static volatile String lastAuthorization;
    private static HttpServer server;
    private static volatile String database = "reselling_service";

    /** Init arg {@code database}: whose read model answers by default (reselling_service unless told). */
    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "reselling_service");
    }

    @Override
    public synchronized Map<String, String> start() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, Ports.freePort()), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/tariffs/current", TariffServiceStub::answer);
            server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "tariff-service-stub");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "tariff-service-stub-stop"));
        }
        return Map.of("quarkus.rest-client.tariff-service.url",
                "http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; stopped by the shutdown hook.
    }

    /** tariff-service's current state of a tariff, whatever this service's read model says. */
    public static void current(UUID id, long version, boolean upstreamAvailable, boolean upstreamRemoved,
            boolean belowCost) {
        CURRENT.put(id, Map.of("id", id.toString(), "version", version, "upstreamAvailable", upstreamAvailable,
                "upstreamRemoved", upstreamRemoved, "belowCost", belowCost));
    }

    /** While down, every call gets a 503. */
    public static void down(boolean isDown) {
        down = isDown;
    }

    /** The Authorization header of the last call. */
    public static String lastAuthorization() {
        return lastAuthorization;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (down) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            List<Object> items = new ArrayList<>();
            List<UUID> fromReadModel = new ArrayList<>();
            for (JsonNode id : request.get("ids")) {
                UUID uuid = UUID.fromString(id.asText());
                Map<String, Object> set = CURRENT.get(uuid);
                if (set != null) {
                    items.add(set);
                } else {
                    fromReadModel.add(uuid);
                }
            }
            items.addAll(readModel(fromReadModel));
            byte[] body = JSON.writeValueAsBytes(Map.of("items", items));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (RuntimeException | SQLException e) {
            exchange.sendResponseHeaders(500, -1);
            throw new IOException(e);
        }
    }

    private static List<Map<String, Object>> readModel(List<UUID> ids) throws SQLException {
        List<Map<String, Object>> items = new ArrayList<>();
        if (ids.isEmpty()) {
            return items;
        }
        try (Connection connection = DriverManager.getConnection(RealInfrastructure.jdbcUrl(database),
                RealInfrastructure.username(), RealInfrastructure.password());
                PreparedStatement select = connection.prepareStatement("SELECT id, version, upstream_available,"
                        + " upstream_removed, below_cost FROM tariff_view WHERE id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    items.add(Map.of("id", rs.getObject(1, UUID.class).toString(), "version", rs.getLong(2),
                            "upstreamAvailable", rs.getBoolean(3), "upstreamRemoved", rs.getBoolean(4),
                            "belowCost", rs.getBoolean(5)));
                }
            }
        }
        return items;
    }
}
