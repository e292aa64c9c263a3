package io.resellhub.tariff.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.localinfra.TestTokens;
import io.resellhub.tariff.ModuleServiceStub;

/**
 * The service on the real database, with its Kafka bootstrap address pointing at a port nothing listens on:
 * a broker outage from the first second.
 */
public class KafkaUnreachableProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DatabaseWithoutKafka.class), new TestResourceEntry(ModuleServiceStub.class));
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tariff-service.imports.poll-interval", "1s", "tariff-service.sync.interval", "1h");
    }

    /** The real PostgreSQL of local-infra, and a Kafka address that refuses connections. */
    public static class DatabaseWithoutKafka implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            RealInfrastructure.ensureDatabase("tariff_service");
            TestTokens.adminByDefault();
            Map<String, String> config = new HashMap<>(TestTokens.serviceConfig("tariff-service"));
            config.put("quarkus.datasource.jdbc.url", RealInfrastructure.jdbcUrl("tariff_service"));
            config.put("quarkus.datasource.username", RealInfrastructure.username());
            config.put("quarkus.datasource.password", RealInfrastructure.password());
            config.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort());
            return config;
        }

        @Override
        public void stop() {
            // the database is shared with the other tests of this JVM
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
