package io.resellhub.localinfra;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test resource of every {@code @QuarkusTest} that needs a database or Kafka: a real PostgreSQL and a
 * real Kafka broker, started once per JVM (see {@link RealInfrastructure}) and shared by all test classes
 * and profiles; {@link #stop()} leaves them running for the next test, a shutdown hook stops them.
 *
 * <pre>{@code
 * @WithTestResource(value = RealInfrastructureResource.class,
 *         initArgs = @ResourceArg(name = RealInfrastructureResource.DATABASE, value = "module_service"))
 * }</pre>
 *
 * <p>Init arg {@value #DATABASE} (required) names the service's database, created if missing. Returns
 * {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username},
 * {@code quarkus.datasource.password} and {@code kafka.bootstrap.servers}, and the service's token settings
 * ({@link TestTokens#serviceConfig(String)}); RestAssured sends an admin token by default
 * ({@link TestTokens#adminByDefault()}).
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    /** The init arg naming the database, e.g. {@code module_service}. */
    public static final String DATABASE = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(DATABASE);
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs the init arg '" + DATABASE
                    + "', e.g. initArgs = @ResourceArg(name = \"" + DATABASE + "\", value = \"module_service\")");
        }
    }

    @Override
    public Map<String, String> start() {
        if (database == null) {
            init(Map.of());
        }
        PostgresServer postgres = RealInfrastructure.postgres();
        postgres.ensureDatabase(database);
        TestTokens.adminByDefault();
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig(database.replace('_', '-')));
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("kafka.bootstrap.servers", RealInfrastructure.kafkaBootstrapServers());
        return config;
    }

    /** Nothing: the servers outlive each test application and stop when the JVM exits. */
    @Override
    public void stop() {
        // shared with the following tests
    }
}
