package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RealInfrastructureResourceTest {

    @Test
    void startReturnsTheDatasourceAndKafkaSettingsOfTheSharedServers() throws Exception {
        RealInfrastructureResource resource = new RealInfrastructureResource();
        resource.init(Map.of(RealInfrastructureResource.DATABASE, "resource_test_service"));

        Map<String, String> config = resource.start();
        resource.stop();

        assertEquals(RealInfrastructure.jdbcUrl("resource_test_service"), config.get("quarkus.datasource.jdbc.url"));
        assertEquals(RealInfrastructure.kafkaBootstrapServers(), config.get("kafka.bootstrap.servers"));
        try (Connection connection = DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_database()")) {
            assertTrue(result.next());
            assertEquals("resource_test_service", result.getString(1));
        }
        assertTrue(RealInfrastructure.kafka().listTopics().containsAll(Topics.all()));
    }

    @Test
    void aSecondResourceReusesTheSameServers() {
        RealInfrastructureResource first = new RealInfrastructureResource();
        first.init(Map.of(RealInfrastructureResource.DATABASE, "first_service"));
        RealInfrastructureResource second = new RealInfrastructureResource();
        second.init(Map.of(RealInfrastructureResource.DATABASE, "second_service"));

        Map<String, String> one = first.start();
        Map<String, String> two = second.start();

        assertEquals(one.get("kafka.bootstrap.servers"), two.get("kafka.bootstrap.servers"));
        assertEquals(one.get("quarkus.datasource.jdbc.url").replace("first_service", "second_service"),
                two.get("quarkus.datasource.jdbc.url"));
    }

    @Test
    void anotherClassLoaderAttachesToTheRunningServers() throws Exception {
        String servers = RealInfrastructure.kafkaBootstrapServers();
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toURL());
        }
        try (URLClassLoader other = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> otherInfrastructure = other.loadClass(RealInfrastructure.class.getName());
            assertTrue(otherInfrastructure != RealInfrastructure.class);

            Object otherServers = otherInfrastructure.getMethod("kafkaBootstrapServers").invoke(null);
            Object otherUrl = otherInfrastructure.getMethod("ensureDatabase", String.class).invoke(null, "other_loader");

            assertEquals(servers, otherServers);
            assertEquals(RealInfrastructure.jdbcUrl("other_loader"), otherUrl);
        }
    }

    @Test
    void theDatabaseArgIsRequired() {
        RealInfrastructureResource resource = new RealInfrastructureResource();

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> resource.init(Map.of()));
        assertTrue(failure.getMessage().contains("'database'"), failure.getMessage());
    }
}
