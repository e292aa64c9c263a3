package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.resellhub.localinfra.JwtTokens;
import io.resellhub.localinfra.Ports;
import io.resellhub.localinfra.Topics;

/**
 * The launcher's orchestration against real PostgreSQL and Kafka, with {@link FakeService} jars in place of the
 * services' {@code quarkus-run.jar}s: start order, environment, readiness, crash reports, clean stop.
 */
class LocalStackTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(new Tee(output, System.out), true, StandardCharsets.UTF_8);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsEverythingWiresTheServicesReportsACrashAndStopsCleanly(@TempDir Path root) throws Exception {
        LocalStackConfig config = fakeRoot(root, Map.of()).withReplicas(Service.MODULE_SERVICE, 2);
        int secondModuleServicePort = config.ports().moduleService() + ServiceInstance.REPLICA_PORT_STEP;

        RunningStack stack = LocalStack.start(config, out);
        try {
            for (Service service : Service.values()) {
                assertEquals(200, get(stack.managementUrl(service) + "/q/health/ready").statusCode(), service.id());
            }
            assertEquals("http://127.0.0.1:" + config.ports().gateway(), stack.gatewayUrl());

            Map<String, String> gateway = fakeEnv(root, Service.GATEWAY, config.ports().gateway());
            Path publicKey = config.localDir().resolve("jwt/public.pem");
            assertEquals(publicKey.toString(), gateway.get("JWT_PUBLIC_KEY_LOCATION"));
            assertEquals("http://127.0.0.1:" + config.ports().tariffService(), gateway.get("TARIFF_SERVICE_URL"));
            assertFalse(gateway.containsKey("DB_URL"));
            assertTrue(JwtTokens.verifySignature(stack.adminToken(), JwtTokens.readPublicKey(publicKey)));
            assertTrue(JwtTokens.claims(stack.adminToken()).contains("\"groups\":[\"admin\"]"));
            assertTrue(JwtTokens.claims(stack.viewerToken()).contains("\"groups\":[\"viewer\"]"));
            assertEquals(stack.adminToken() + "\n", Files.readString(config.localDir().resolve("admin.token")));

            Map<String, String> module = fakeEnv(root, Service.MODULE_SERVICE, config.ports().moduleService());
            assertEquals(Files.readString(config.localDir().resolve("secrets/credentials-key")).trim(),
                    module.get("CREDENTIALS_KEY"));
            assertEquals("jdbc:postgresql://127.0.0.1:" + config.ports().postgres() + "/module_service",
                    module.get("DB_URL"));
            assertEquals(stack.kafka().bootstrapServers(), module.get("KAFKA_BOOTSTRAP_SERVERS"));
            try (Connection connection = stack.postgres().connect(
                    module.get("DB_URL").substring(module.get("DB_URL").lastIndexOf('/') + 1))) {
                assertTrue(connection.isValid(5));
            }
            assertTrue(stack.kafka().listTopics().containsAll(Topics.all()));

            // The second module-service replica: its own port and log, everything else the same as the first.
            assertEquals(List.of("http://127.0.0.1:" + config.ports().moduleService(),
                    "http://127.0.0.1:" + secondModuleServicePort), stack.serviceUrls(Service.MODULE_SERVICE));
            assertEquals(200, get(stack.managementUrl(Service.MODULE_SERVICE, 2) + "/q/health/ready").statusCode());
            Map<String, String> replica = new HashMap<>(fakeEnv(root, Service.MODULE_SERVICE, secondModuleServicePort));
            assertEquals(Integer.toString(secondModuleServicePort), replica.remove("HTTP_PORT"));
            assertEquals(Integer.toString(config.ports().moduleServiceManagement() + ServiceInstance.REPLICA_PORT_STEP),
                    replica.remove("MANAGEMENT_PORT"), "its own management port");
            Map<String, String> first = new HashMap<>(module);
            first.remove("HTTP_PORT");
            first.remove("MANAGEMENT_PORT");
            assertEquals(first, replica, "same database, Kafka and keys");
            assertTrue(Files.readString(stack.logFile("module-service-2")).contains("listening"));
            assertTrue(output.toString(StandardCharsets.UTF_8).contains("    module-service-2 ready on http://127.0.0.1:"
                    + secondModuleServicePort + " in "));

            assertTrue(Files.readString(stack.logFile("gateway")).contains("listening"));
            assertTrue(output.toString(StandardCharsets.UTF_8).contains("==> Local stack is up in"));

            get(stack.serviceUrl(Service.RESELLING_SERVICE) + "/exit");
            Optional<String> failure = stack.awaitUnexpectedExit();

            assertTrue(failure.orElseThrow().startsWith("reselling-service exited with code 7 while the stack was running."),
                    failure.get());
            assertTrue(failure.get().contains("    | exiting on request"), failure.get());
        } finally {
            stack.close();
        }

        assertTrue(stack.awaitUnexpectedExit().isEmpty(), "closed, not crashed");
        String report = output.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("    gateway stopped in"), report);
        assertTrue(report.indexOf("    gateway stopped") < report.indexOf("    module-service-2 stopped"),
                "services stop in reverse order");
        assertTrue(report.indexOf("    module-service-2 stopped") < report.indexOf("    module-service stopped"), report);
        assertTrue(report.indexOf("    module-service stopped") < report.indexOf("    Kafka stopped"), report);
        assertTrue(report.indexOf("    Kafka stopped") < report.indexOf("    PostgreSQL stopped"), report);
        assertAllPortsFree(config);
    }

    @Test
    void aKilledServiceComesBackOnItsPortWithItsEnvironmentAndItsKillIsNoCrash(@TempDir Path root) throws Exception {
        LocalStackConfig config = fakeRoot(root, Map.of()).withServices(List.of(Service.MODULE_SERVICE))
                .withReplicas(Service.MODULE_SERVICE, 2)
                .withServiceEnvironment(Map.of("MODULE_SERVICE_PROVISIONING_LEASE", "10s"));
        ServiceInstance first = ServiceInstance.first(Service.MODULE_SERVICE);
        ServiceInstance second = new ServiceInstance(Service.MODULE_SERVICE, 2);
        int port = first.port(config.ports());

        RunningStack stack = LocalStack.start(config, out);
        try {
            Map<String, String> before = fakeEnv(root, Service.MODULE_SERVICE, port);
            assertEquals("10s", before.get("MODULE_SERVICE_PROVISIONING_LEASE"));
            assertEquals("10s", fakeEnv(root, Service.MODULE_SERVICE, second.port(config.ports()))
                    .get("MODULE_SERVICE_PROVISIONING_LEASE"), "every replica");
            Files.delete(root.resolve("module-service/fake-env-" + port + ".txt"));

            long pid = stack.kill(first);

            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " is gone");
            assertTrue(Ports.isFree(port), "its port is free");
            assertTrue(Files.readString(stack.logFile("module-service"))
                    .contains("killed (SIGKILL) by the local stack launcher, exit code 137"));
            assertThrows(LocalStackException.class, () -> stack.kill(first), "not running any more");
            assertThrows(IllegalArgumentException.class, () -> stack.kill(ServiceInstance.first(Service.GATEWAY)));

            stack.restart(first);

            assertEquals(200, get(stack.managementUrl(Service.MODULE_SERVICE) + "/q/health/ready").statusCode());
            assertEquals(before, fakeEnv(root, Service.MODULE_SERVICE, port), "the same port and environment");
            String log = Files.readString(stack.logFile("module-service"));
            assertEquals(2, log.split("started by the local stack launcher", -1).length - 1, "log appended: " + log);
            assertEquals(2, log.split("listening", -1).length - 1, log);
            assertTrue(output.toString(StandardCharsets.UTF_8).contains("    module-service ready on http://127.0.0.1:"
                    + port + " in "));

            stack.restart(second); // still running: stopped first
            assertTrue(output.toString(StandardCharsets.UTF_8).contains("    module-service-2 stopped in"));
            assertEquals(200, get(stack.managementUrl(Service.MODULE_SERVICE, 2) + "/q/health/ready").statusCode());

            // A kill is on purpose: a crash afterwards is what awaitUnexpectedExit reports, from the restarted JVM.
            stack.kill(second);
            get(stack.serviceUrl(Service.MODULE_SERVICE) + "/exit");
            Optional<String> failure = stack.awaitUnexpectedExit();
            assertTrue(failure.orElseThrow().startsWith("module-service exited with code 7 while the stack was running."),
                    failure.get());
        } finally {
            stack.close();
        }

        String report = output.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("    module-service-2 had already exited (code 137)"), report);
        assertAllPortsFree(config);
    }

    @Test
    void aServiceThatCrashesWhileStartingIsReportedWithItsLogAndEverythingStops(@TempDir Path root) throws Exception {
        LocalStackConfig config = fakeRoot(root, Map.of(Service.TARIFF_SERVICE, "crash"));

        LocalStackException failure = assertThrows(LocalStackException.class, () -> LocalStack.start(config, out));

        assertTrue(failure.getMessage().startsWith("tariff-service exited with code 3 while starting."),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("    | fatal: cannot connect to the database"), failure.getMessage());
        assertAllPortsFree(config);
    }

    @Test
    void aServiceThatNeverGetsReadyTimesOut(@TempDir Path root) throws Exception {
        LocalStackConfig config = fakeRoot(root, Map.of(Service.GATEWAY, "never-ready"))
                .withServices(List.of(Service.GATEWAY))
                .withReadyTimeout(Duration.ofSeconds(3));

        LocalStackException failure = assertThrows(LocalStackException.class, () -> LocalStack.start(config, out));

        assertTrue(failure.getMessage().startsWith("gateway did not become ready within 3 s (http://127.0.0.1:"
                + config.ports().gatewayManagement() + "/q/health/ready last answered"), failure.getMessage());
        assertTrue(failure.getMessage().contains("last answered 503 {\"status\":\"DOWN\"}"), failure.getMessage());
        assertAllPortsFree(config);
    }

    @Test
    void aBusyPortStopsTheStartBeforeAnythingRuns(@TempDir Path root) throws Exception {
        LocalStackConfig config = fakeRoot(root, Map.of());
        try (ServerSocket busy = new ServerSocket(config.ports().moduleService(), 1, InetAddress.getByName("127.0.0.1"))) {
            LocalStackException failure = assertThrows(LocalStackException.class, () -> LocalStack.start(config, out));

            assertTrue(failure.getMessage().startsWith("Port " + config.ports().moduleService()
                    + " (needed by module-service) is already in use."), failure.getMessage());
            assertTrue(failure.getMessage().contains("MODULE_SERVICE_PORT=..."), failure.getMessage());
        }
        assertFalse(Files.exists(config.localDir().resolve("postgres")), "nothing started");
    }

    @Test
    void missingServiceBuildsAreNamed(@TempDir Path root) {
        LocalStackConfig config = LocalStackConfig.defaults(root).withPorts(StackPorts.free());

        LocalStackException failure = assertThrows(LocalStackException.class, () -> LocalStack.start(config, out));

        assertTrue(failure.getMessage().startsWith("Some services are not built:"), failure.getMessage());
        assertTrue(failure.getMessage().contains("gateway: " + root.resolve("gateway/target/quarkus-app/quarkus-run.jar")
                + " is missing"), failure.getMessage());
    }

    /** A repository root whose services are {@link FakeService}s, with free ports and state under it. */
    private static LocalStackConfig fakeRoot(Path root, Map<Service, String> modes) throws Exception {
        for (Service service : Service.values()) {
            Path jar = service.runJar(root);
            Files.createDirectories(jar.getParent());
            writeFakeServiceJar(jar);
            if (modes.containsKey(service)) {
                Files.writeString(root.resolve(service.id()).resolve("fake-mode"), modes.get(service));
            }
        }
        return LocalStackConfig.fromEnvironment(Map.of("LOCAL_SERVICE_XMX", "64m", "LOCAL_STOP_TIMEOUT", "10"), root)
                .withLocalDir(root.resolve(".local"))
                .withPorts(StackPorts.free())
                .withReadyTimeout(Duration.ofSeconds(60));
    }

    private static void writeFakeServiceJar(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        Path classes = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String prefix = FakeService.class.getName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                var files = Files.list(classes.resolve(prefix).getParent())) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(FakeService.class.getSimpleName())) {
                    out.putNextEntry(new JarEntry(prefix.substring(0, prefix.lastIndexOf('/') + 1) + name));
                    out.write(Files.readAllBytes(file));
                    out.closeEntry();
                }
            }
        }
    }

    private static Map<String, String> fakeEnv(Path root, Service service, int port) throws IOException {
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve(service.id()).resolve("fake-env-" + port + ".txt"))) {
            int equals = line.indexOf('=');
            env.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return env;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAllPortsFree(LocalStackConfig config) {
        for (PortCheck.Claim claim : PortCheck.claims(config, true)) {
            assertTrue(Ports.isFree(claim.port()), claim + " still in use");
        }
    }

    /** Keeps the launcher's output for assertions and shows it in the test log. */
    private static final class Tee extends OutputStream {

        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
