package io.resellhub.reselling.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.resellhub.localinfra.RealInfrastructure;
import io.resellhub.reselling.RealInfrastructureProfile;
import io.resellhub.reselling.repository.TariffRebuildRepository;
import io.resellhub.reselling.service.TariffProjection;

/**
 * The rebuild rule on a real consumer of the real {@code tariffs} topic with committed offsets at its end,
 * and its repository's SQL on the real PostgreSQL: an empty read model sends the consumer back to the
 * beginning and forgets the processed tariff events (only those), a filled one leaves both alone. The
 * service's tables are shared with the running service, so the repository works on copies of them in a
 * schema of this test (same columns, its own connections) instead of on truncated originals.
 */
@QuarkusTest
@TestProfile(RealInfrastructureProfile.class)
class TariffRebuildListenerTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String username;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void emptyReadModelReplaysTheTopicFromTheBeginning() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", RealInfrastructure.kafkaBootstrapServers()), new StringSerializer(),
                new StringSerializer())) {
            // An event type the service ignores, so the topic is not empty whatever ran before.
            String key = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>("tariffs", key, """
                    {"id":"%s","type":"tariff.rebuild-probe","source":"test","subject":"%s",
                     "time":"2026-11-26T07:00:00Z","dataVersion":1,"data":{}}""".formatted(UUID.randomUUID(), key))).get();
        }
        String schema = "rebuild_" + UUID.randomUUID().toString().replace("-", "");
        PGSimpleDataSource copies = new PGSimpleDataSource();
        copies.setUrl(jdbcUrl);
        copies.setUser(username);
        copies.setPassword(password);
        copies.setCurrentSchema(schema);
        sql(copies, "CREATE SCHEMA " + schema,
                "CREATE TABLE " + schema + ".tariff_view (LIKE public.tariff_view INCLUDING ALL)",
                "CREATE TABLE " + schema + ".processed_event (LIKE public.processed_event INCLUDING ALL)",
                "INSERT INTO " + schema + ".processed_event VALUES ('" + TariffProjection.CONSUMER + "', '"
                        + UUID.randomUUID() + "', now()), ('reselling-service.processing-modules', '" + UUID.randomUUID()
                        + "', now())");
        TariffRebuildListener listener = new TariffRebuildListener(new TariffRebuildRepository(copies));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rebuild-test-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("tariffs", Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            consumer.commitSync();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertTrue(partitions.stream().anyMatch(p -> end.get(p) > beginning.get(p)), "the topic has records");

            sql(copies, "INSERT INTO tariff_view (id, processing_module_id, product_type, name, prices,"
                    + " upstream_available, upstream_removed, below_cost, version, updated_at) VALUES ('"
                    + UUID.randomUUID() + "', '" + UUID.randomUUID() + "', 'ssl-certificate', 'Kept', '[]', true, false,"
                    + " false, 0, now())");
            listener.onPartitionsAssigned(consumer, partitions);
            for (TopicPartition p : partitions) {
                assertEquals(end.get(p), consumer.position(p), "a filled read model keeps the committed offset");
            }
            assertEquals(2, count(copies, "SELECT count(*) FROM processed_event"), "nothing is forgotten");

            sql(copies, "DELETE FROM tariff_view");
            listener.onPartitionsAssigned(consumer, partitions);
            for (TopicPartition p : partitions) {
                assertEquals(beginning.get(p), consumer.position(p), "an empty read model replays from the beginning");
            }
            assertEquals(0, count(copies, "SELECT count(*) FROM processed_event WHERE consumer = '"
                    + TariffProjection.CONSUMER + "'"), "processed tariff events are forgotten so the replay is applied");
            assertEquals(1, count(copies, "SELECT count(*) FROM processed_event"), "other consumers' events are kept");
        } finally {
            sql(copies, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void sql(DataSource dataSource, String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(DataSource dataSource, String query) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
