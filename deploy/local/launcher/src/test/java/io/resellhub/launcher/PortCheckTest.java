package io.resellhub.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.resellhub.localinfra.Ports;

class PortCheckTest {

    private static final LocalStackConfig CONFIG = LocalStackConfig.defaults(Path.of("/repo"));

    @Test
    void claimsEveryPortOfWhatWillRun() {
        List<PortCheck.Claim> claims = PortCheck.claims(CONFIG, true);

        assertEquals(List.of(15432, 19092, 19093, 8090, 8081, 9001, 8082, 9002, 8083, 9003, 8080, 9000),
                claims.stream().map(PortCheck.Claim::port).toList());
        assertEquals(new PortCheck.Claim("gateway", 8080, Setting.GATEWAY_PORT), claims.get(10));
        assertEquals(new PortCheck.Claim("gateway management", 9000, Setting.GATEWAY_MANAGEMENT_PORT),
                claims.get(11));
        assertEquals(11, PortCheck.claims(CONFIG, false).size(), "no simulator port without a simulator");
        assertEquals(3, PortCheck.claims(CONFIG.withServices(List.of()), false).size());
    }

    @Test
    void everyModuleServiceReplicaClaimsItsPort() {
        List<PortCheck.Claim> claims = PortCheck.claims(CONFIG.withReplicas(Service.MODULE_SERVICE, 2), true);

        assertEquals(List.of(15432, 19092, 19093, 8090, 8081, 9001, 8181, 9101, 8082, 9002, 8083, 9003, 8080, 9000),
                claims.stream().map(PortCheck.Claim::port).toList());
        assertEquals(new PortCheck.Claim("module-service-2", 8181, Setting.MODULE_SERVICE_PORT), claims.get(6));
        assertEquals(new PortCheck.Claim("module-service-2 management", 9101, Setting.MODULE_SERVICE_MANAGEMENT_PORT),
                claims.get(7));
        LocalStackConfig clash = LocalStackConfig.fromEnvironment(Map.of("LOCAL_MODULE_SERVICE_REPLICAS", "2",
                "GATEWAY_PORT", "8181"), Path.of("/repo"));
        assertEquals("Port 8181 is configured twice: for module-service-2 (MODULE_SERVICE_PORT) and for gateway"
                + " (GATEWAY_PORT).", PortCheck.problems(PortCheck.claims(clash, true), port -> true).orElseThrow());
    }

    @Test
    void aManagementPortClashingWithAnApiPortIsReported() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of("TARIFF_SERVICE_MANAGEMENT_PORT", "8083"),
                Path.of("/repo"));

        assertEquals("Port 8083 is configured twice: for tariff-service management (TARIFF_SERVICE_MANAGEMENT_PORT)"
                + " and for reselling-service (RESELLING_SERVICE_PORT).",
                PortCheck.problems(PortCheck.claims(config, true), port -> true).orElseThrow());
    }

    @Test
    void aBusyPortIsNamedWithItsComponentAndSetting() {
        Optional<String> problems = PortCheck.problems(PortCheck.claims(CONFIG, true), port -> port != 8082);

        assertEquals(Optional.of("Port 8082 (needed by tariff-service) is already in use. Stop what listens there"
                + " (ss -ltnp 'sport = :8082' shows it; a previous run that is still up?) or choose another port"
                + " with TARIFF_SERVICE_PORT=..."), problems);
    }

    @Test
    void aPortConfiguredTwiceIsReported() {
        LocalStackConfig config = LocalStackConfig.fromEnvironment(Map.of("GATEWAY_PORT", "8081"), Path.of("/repo"));

        String problems = PortCheck.problems(PortCheck.claims(config, true), port -> true).orElseThrow();

        assertEquals("Port 8081 is configured twice: for module-service (MODULE_SERVICE_PORT) and for gateway"
                + " (GATEWAY_PORT).", problems);
    }

    @Test
    void allFreeMeansNoProblem() {
        assertTrue(PortCheck.problems(PortCheck.claims(CONFIG, true), port -> true).isEmpty());
    }

    @Test
    void aListeningSocketMakesAPortBusy() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertTrue(!Ports.isFree(socket.getLocalPort()));
        }
        assertTrue(Ports.isFree(Ports.freePort()));
    }
}
