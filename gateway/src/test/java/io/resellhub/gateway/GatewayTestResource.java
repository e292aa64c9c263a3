package io.resellhub.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.resellhub.localinfra.JwtTokens;

/**
 * The gateway in isolation: one WireMock server stands in for every downstream service (a fault we
 * choose per test), and a fresh RSA key pair signs the test's tokens.
 */
public class GatewayTestResource implements QuarkusTestResourceLifecycleManager {

    static WireMockServer downstream;
    static JwtTokens tokens;

    @Override
    public Map<String, String> start() {
        downstream = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        downstream.start();
        tokens = JwtTokens.generate();
        try {
            Path publicKey = Files.createTempFile("gateway-test-jwt", ".pem");
            Files.writeString(publicKey, JwtTokens.toPem(tokens.publicKey()));
            publicKey.toFile().deleteOnExit();
            String url = downstream.baseUrl();
            return Map.of(
                    "gateway.module-service.url", url,
                    "gateway.tariff-service.url", url,
                    "gateway.reselling-service.url", url,
                    "gateway.module-service.read-timeout", "2s",
                    "mp.jwt.verify.publickey.location", publicKey.toString(),
                    "mp.jwt.verify.issuer", tokens.issuer(),
                    "mp.jwt.verify.audiences", tokens.audience());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (downstream != null) {
            downstream.stop();
        }
    }

    static String adminToken() {
        return tokens.issue("alice", List.of(JwtTokens.ADMIN), Duration.ofMinutes(10));
    }

    static String viewerToken() {
        return tokens.issue("victor", List.of(JwtTokens.VIEWER), Duration.ofMinutes(10));
    }

    /** An admin token from the right issuer and key, but meant for another API ({@code aud}). */
    static String adminTokenFor(String audience) {
        return tokens.forAudience(audience).issue("alice", List.of(JwtTokens.ADMIN), Duration.ofMinutes(10));
    }
}
