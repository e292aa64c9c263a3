package io.resellhub.reselling.drill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.resellhub.localinfra.KafkaBroker;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.localinfra.TestTokens;
import io.resellhub.localinfra.Topics;
import io.resellhub.reselling.TariffServiceStub;

/**
 * A Kafka broker of the drill's own (persistent data directory, fixed ports, so it can be stopped and started
 * again as a real broker restarts) and a database of its own on the shared PostgreSQL, so the drill's 5,000
 * tariffs and its outage touch no other test; tariff-service stubbed on that database's read model.
 */
public class DrillInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static final String DATABASE = "reselling_drill";
    private static Path dataDirectory;
    private static KafkaBroker broker;
    private static int port;
    private static int controllerPort;

    /** The drill's profile: this resource only. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DrillInfrastructure.class),
                    new TestResourceEntry(TariffServiceStub.class, Map.of("database", DATABASE)));
        }
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            dataDirectory = Files.createTempDirectory("resellhub-drill-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = KafkaBroker.builder().dataDirectory(dataDirectory).maxHeap("384m").start();
        port = broker.port();
        controllerPort = broker.controllerPort();
        Topics.createAll(broker);
        RealInfrastructure.ensureDatabase(DATABASE);
        TestTokens.adminByDefault();
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig("reselling-service"));
        config.put("quarkus.datasource.jdbc.url", RealInfrastructure.jdbcUrl(DATABASE));
        config.put("quarkus.datasource.username", RealInfrastructure.username());
        config.put("quarkus.datasource.password", RealInfrastructure.password());
        config.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return config;
    }

    static String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Stops the broker as an outage would (its data stays). */
    static synchronized void stopKafka() {
        broker.close();
        broker = null;
    }

    /** Starts the broker again on the same ports and data. */
    static synchronized void startKafka() {
        broker = KafkaBroker.builder().port(port).controllerPort(controllerPort).dataDirectory(dataDirectory)
                .maxHeap("384m").start();
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
        if (dataDirectory != null) {
            try (Stream<Path> paths = Files.walk(dataDirectory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
