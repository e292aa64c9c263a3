package io.resellhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;

/**
 * The tokens of the services' tests: one key pair per test JVM, whose public key, issuer and audience
 * {@link RealInfrastructureResource} hands to every service under test, and tokens for each role.
 *
 * <p>The key pair lives in a directory named by a system property, so every class loader of the JVM (Quarkus
 * loads the test application apart) signs and verifies with the same keys.
 */
public final class TestTokens {

    private static final String DIRECTORY_PROPERTY = "resellhub.test-jwt.directory";
    private static final Duration TTL = Duration.ofHours(12);

    private static JwtTokens tokens;

    private TestTokens() {
    }

    /** A token with role {@code admin}. */
    public static String admin() {
        return tokens().issue("test-admin", List.of(JwtTokens.ADMIN), TTL);
    }

    /** A token with role {@code viewer}: reads only. */
    public static String viewer() {
        return tokens().issue("test-viewer", List.of(JwtTokens.VIEWER), TTL);
    }

    /** A token with role {@code service}: what one service sends when it calls another on its own account. */
    public static String service(String caller) {
        return tokens().issue(caller, List.of(JwtTokens.SERVICE), TTL);
    }

    /**
     * The settings a service under test verifies tokens with (key, issuer, audience), and its own service token
     * ({@code resellhub.service-token}) for the calls it makes to other services.
     */
    public static Map<String, String> serviceConfig(String service) {
        return Map.of(
                "mp.jwt.verify.publickey.location", directory().resolve(JwtTokens.PUBLIC_KEY_FILE).toString(),
                "mp.jwt.verify.issuer", tokens().issuer(),
                "mp.jwt.verify.audiences", tokens().audience(),
                "resellhub.service-token", service(service));
    }

    /**
     * Makes RestAssured send an admin token with every request that names no authentication itself: the tests
     * written before the services checked tokens keep working unchanged; a test of a missing token says
     * {@code given().auth().none()}.
     */
    public static void adminByDefault() {
        RestAssured.authentication = RestAssured.oauth2(admin());
    }

    private static synchronized JwtTokens tokens() {
        if (tokens == null) {
            tokens = JwtTokens.loadOrCreate(directory(), JwtTokens.DEFAULT_ISSUER);
        }
        return tokens;
    }

    private static Path directory() {
        synchronized (System.getProperties()) {
            String directory = System.getProperty(DIRECTORY_PROPERTY);
            if (directory == null) {
                try {
                    Path created = Files.createTempDirectory("resellhub-test-jwt");
                    created.toFile().deleteOnExit();
                    directory = created.toString();
                    System.setProperty(DIRECTORY_PROPERTY, directory);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not create a directory for the test keys", e);
                }
            }
            return Path.of(directory);
        }
    }
}
