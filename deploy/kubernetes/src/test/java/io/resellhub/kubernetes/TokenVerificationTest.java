package io.resellhub.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * Which tokens the services accept is set per overlay, explicitly: issuer and audience have no default in
 * the services (prod profile) nor in the base, every service gets the same values (the gateway passes the
 * caller's token on, and each service verifies it again), and production refuses empty values, the local
 * stack's defaults and placeholders. Tests of the check break a copy of prod on purpose.
 */
class TokenVerificationTest {

    /** Configuration key -> what it is, for the messages. */
    static final Map<String, String> KEYS = Map.of(
            "mp.jwt.verify.issuer", "issuer",
            "mp.jwt.verify.audiences", "audience");

    /** What the local stack and the tests use (JwtTokens.DEFAULT_ISSUER/DEFAULT_AUDIENCE): never a production value. */
    static final Set<String> LOCAL_DEFAULTS = Set.of("resellhub");

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(change[-_ ]?me|replace|todo|fixme|placeholder|<|>|\\$\\{).*");

    static List<String> overlays() {
        return Project.overlays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void issuerAndAudienceAreSetByTheOverlayAndTheSameForEveryService(String overlay) {
        Problems.assertNone(problems(Rendered.overlay(overlay), !OverlayManifestsTest.DEV_OVERLAY.equals(overlay)));
    }

    @Test
    void theServicesHaveNoDefaultOutsideDevAndTestsAndTheBaseSetsNone() {
        List<String> problems = new ArrayList<>();
        for (String service : Project.SERVICES) {
            ServiceProperties properties = ServiceProperties.load(service);
            KEYS.keySet().forEach(key -> {
                var reference = properties.envBehind(key).orElse(null);
                if (reference == null) {
                    problems.add(service + ": " + key + " should read an environment variable (${NAME}, no default)");
                } else if (!reference.required()) {
                    problems.add(service + ": " + key + " has the default " + reference.defaultValue().get()
                            + " in the prod profile; a deployment that forgets it would silently use it");
                }
            });
        }
        Rendered base = Rendered.kustomization(Project.manifestsDir().resolve("base"));
        for (ConfigMap map : base.all(ConfigMap.class)) {
            for (String variable : List.of("JWT_ISSUER", "JWT_AUDIENCE")) {
                if (map.getData() != null && map.getData().containsKey(variable)) {
                    problems.add("base: ConfigMap " + map.getMetadata().getName() + " sets " + variable
                            + "; only the overlays may, so that none inherits a value meant for another");
                }
            }
        }
        Problems.assertNone(problems);
    }

    @Test
    void aProdCopyWithoutIssuerOrWithPlaceholdersFailsTheCheck() {
        Rendered prod = Rendered.overlay("prod");
        Problems.assertNone(problems(prod, true));

        assertFails(prod, "JWT_ISSUER removed", data -> data.remove("JWT_ISSUER"), "issuer");
        assertFails(prod, "JWT_AUDIENCE empty", data -> data.put("JWT_AUDIENCE", ""), "audience");
        assertFails(prod, "JWT_ISSUER the local default", data -> data.put("JWT_ISSUER", "resellhub"), "local stack");
        assertFails(prod, "JWT_AUDIENCE a placeholder", data -> data.put("JWT_AUDIENCE", "change-me"), "placeholder");
        assertFails(prod, "JWT_ISSUER not a URL", data -> data.put("JWT_ISSUER", "login.example.com"), "https");
    }

    @Test
    void oneServiceWithAnotherIssuerFailsTheCheck() {
        Rendered broken = Rendered.overlay("prod").changed("broken copy: tariff-service with its own issuer", documents -> {
            ObjectNode deployment = documents.stream()
                    .filter(d -> "Deployment".equals(d.path("kind").asText())
                            && "tariff-service".equals(d.at("/metadata/name").asText()))
                    .findFirst().orElseThrow();
            ObjectNode container = (ObjectNode) deployment.at("/spec/template/spec/containers/0");
            ArrayNode env = container.has("env") ? (ArrayNode) container.get("env") : container.putArray("env");
            env.addObject().put("name", "JWT_ISSUER").put("value", "https://other.example.com");
        });
        List<String> problems = problems(broken, true);
        assertTrue(problems.stream().anyMatch(p -> p.contains("differ")), problems.toString());
    }

    /**
     * Every problem with issuer and audience in {@code rendered}: each service's variable is set, non-blank,
     * the same for all services, and in {@code production} neither a local default nor a placeholder, the
     * issuer an https URL (what identity providers put in {@code iss}).
     */
    static List<String> problems(Rendered rendered, boolean production) {
        List<String> problems = new ArrayList<>();
        KEYS.forEach((key, what) -> {
            Map<String, String> values = new TreeMap<>();
            for (String service : Project.SERVICES) {
                var reference = ServiceProperties.load(service).envBehind(key).orElse(null);
                if (reference == null) {
                    problems.add(service + ": " + key + " reads no environment variable");
                    continue;
                }
                Map<String, PodEnvironment.Source> env =
                        PodEnvironment.of(Pods.main(rendered.deployment(service)), rendered, problems);
                String value = PodEnvironment.value(env.get(reference.name()));
                if (value == null || value.isBlank()) {
                    problems.add(rendered + ": " + service + ": the token " + what + " " + reference.name()
                            + " is not set (set it in the overlay's token-verification ConfigMap)");
                    continue;
                }
                values.put(service, value);
                if (production && LOCAL_DEFAULTS.contains(value)) {
                    problems.add(rendered + ": " + service + ": " + reference.name() + "=" + value + " is the local stack's"
                            + " default " + what + ", not your identity provider's");
                } else if (production && PLACEHOLDER.matcher(value).matches()) {
                    problems.add(rendered + ": " + service + ": " + reference.name() + "=" + value + " is a placeholder");
                } else if (production && "issuer".equals(what)
                        && !value.toLowerCase(Locale.ROOT).startsWith("https://")) {
                    problems.add(rendered + ": " + service + ": " + reference.name() + "=" + value
                            + " should be your identity provider's issuer URL (https://...)");
                }
            }
            if (values.values().stream().distinct().count() > 1) {
                problems.add(rendered + ": the token " + what + " values differ between services, but each verifies the"
                        + " same caller's token: " + values);
            }
        });
        return problems;
    }

    private static void assertFails(Rendered prod, String change, Consumer<ObjectNode> data, String mentioning) {
        Rendered broken = prod.changed("broken copy: " + change, documents -> documents.stream()
                .filter(d -> "ConfigMap".equals(d.path("kind").asText())
                        && d.at("/metadata/name").asText().startsWith("token-verification"))
                .forEach(d -> data.accept((ObjectNode) d.get("data"))));
        Problems.assertNone(broken.problems);
        List<String> problems = problems(broken, true);
        assertTrue(problems.stream().anyMatch(p -> p.contains(mentioning)),
                change + ": expected a problem mentioning " + mentioning + ", got " + problems);
    }
}
