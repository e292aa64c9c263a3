package io.resellhub.localinfra;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The real PostgreSQL and Kafka shared by every test in a JVM: started once, lazily, on free ports and in
 * temp directories (with every {@link Topics topic} created), and stopped by a JVM shutdown hook.
 *
 * <p>Quarkus loads test resources in a class loader per application, and a test profile makes a new
 * application, so static fields alone would start the servers again for every profile. The ports of the
 * running servers are therefore also kept in system properties, which all class loaders share: whoever
 * comes second attaches to the running servers instead of starting new ones.
 */
public final class RealInfrastructure {

    static final String POSTGRES_PORT_PROPERTY = "resellhub.local-infra.postgres.port";
    static final String KAFKA_PORT_PROPERTY = "resellhub.local-infra.kafka.port";

    /**
     * A string literal is interned, so this is the same object in every class loader: one lock for the JVM.
     */
    private static final String JVM_WIDE_LOCK = "io.resellhub.localinfra.RealInfrastructure.lock";

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

    private RealInfrastructure() {
    }

    /** The shared PostgreSQL server, started on first use. */
    public static PostgresServer postgres() {
        ensureStarted();
        return postgres;
    }

    /** The shared Kafka broker, started on first use. */
    public static KafkaBroker kafka() {
        ensureStarted();
        return kafka;
    }

    public static String kafkaBootstrapServers() {
        return kafka().bootstrapServers();
    }

    /** The JDBC URL of {@code database} on the shared server (see {@link #ensureDatabase}). */
    public static String jdbcUrl(String database) {
        return postgres().jdbcUrl(database);
    }

    /** Creates {@code database} on the shared server unless it exists, and returns its JDBC URL. */
    public static String ensureDatabase(String database) {
        postgres().ensureDatabase(database);
        return jdbcUrl(database);
    }

    public static String username() {
        return postgres().username();
    }

    public static String password() {
        return postgres().password();
    }

    private static synchronized void ensureStarted() {
        if (postgres != null) {
            return;
        }
        synchronized (JVM_WIDE_LOCK) {
            String postgresPort = System.getProperty(POSTGRES_PORT_PROPERTY);
            String kafkaPort = System.getProperty(KAFKA_PORT_PROPERTY);
            if (postgresPort != null && kafkaPort != null) {
                postgres = PostgresServer.attach(Integer.parseInt(postgresPort));
                kafka = KafkaBroker.attach(Integer.parseInt(kafkaPort));
                return;
            }
            start();
            System.setProperty(POSTGRES_PORT_PROPERTY, Integer.toString(postgres.port()));
            System.setProperty(KAFKA_PORT_PROPERTY, Integer.toString(kafka.port()));
        }
    }

    private static void start() {
        Stopwatch total = Stopwatch.start();
        CompletableFuture<KafkaBroker> kafkaStart = new CompletableFuture<>();
        Thread kafkaStarter = new Thread(() -> {
            try {
                KafkaBroker broker = KafkaBroker.startTemporary();
                try {
                    Topics.createAll(broker);
                } catch (RuntimeException e) {
                    broker.close();
                    throw e;
                }
                kafkaStart.complete(broker);
            } catch (Throwable e) {
                kafkaStart.completeExceptionally(e);
            }
        }, "local-infra-kafka-start");
        kafkaStarter.start();

        PostgresServer startedPostgres;
        try {
            startedPostgres = PostgresServer.startTemporary();
        } catch (RuntimeException e) {
            kafkaStart.thenAccept(KafkaBroker::close);
            throw e;
        }
        System.out.printf("[local-infra] PostgreSQL %s started on %s:%d in %s%n", startedPostgres.versionNumber(),
                startedPostgres.host(), startedPostgres.port(), Stopwatch.format(startedPostgres.startupTime()));

        KafkaBroker startedKafka;
        try {
            startedKafka = kafkaStart.join();
        } catch (CompletionException e) {
            startedPostgres.close();
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
        System.out.printf("[local-infra] Kafka %s (KRaft) started on %s in %s, topics %s%n",
                KafkaBroker.kafkaVersion(), startedKafka.bootstrapServers(),
                Stopwatch.format(startedKafka.startupTime()), Topics.all());
        System.out.printf("[local-infra] PostgreSQL and Kafka ready in %s%n", total);

        postgres = startedPostgres;
        kafka = startedKafka;
        Runtime.getRuntime().addShutdownHook(new Thread(RealInfrastructure::stop, "local-infra-stop"));
    }

    private static void stop() {
        Stopwatch stopwatch = Stopwatch.start();
        Thread kafkaStopper = new Thread(kafka::close, "local-infra-kafka-stop");
        kafkaStopper.start();
        postgres.close();
        try {
            kafkaStopper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.printf("[local-infra] PostgreSQL and Kafka stopped in %s%n", stopwatch);
    }
}
