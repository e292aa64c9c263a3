package io.resellhub.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares what a service reads (its application.properties) with what its Deployment sets. Both
 * directions: a variable the service needs and the manifests miss breaks the pod at start; a variable
 * the manifests set and nothing reads is a stale or misspelt setting that silently does nothing.
 */
final class ConfigurationComparison {

    /**
     * Variables the manifests may set that are not `${...}` references in application.properties:
     * Quarkus reads them itself (environment variables map onto its configuration keys).
     */
    static final Map<String, String> PLATFORM_VARIABLES = Map.of(
            "QUARKUS_SHUTDOWN_TIMEOUT", "graceful shutdown: quarkus.shutdown.timeout lets in-flight requests finish");

    /** Names that carry a credential: their value must come from a Secret, never a literal or ConfigMap. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIALS_KEY|PRIVATE_KEY)$");

    private ConfigurationComparison() {
    }

    static List<String> compare(ServiceProperties properties, Map<String, PodEnvironment.Source> env) {
        List<String> problems = new ArrayList<>();
        String service = properties.service;
        Map<String, ServiceProperties.EnvReference> read = properties.envReferences();
        read.values().forEach(reference -> {
            PodEnvironment.Source source = env.get(reference.name());
            boolean mustBeSet = reference.required() || reference.localDefault();
            PodEnvironment.FromSecretWithPrefix group = env.values().stream()
                    .filter(PodEnvironment.FromSecretWithPrefix.class::isInstance)
                    .map(PodEnvironment.FromSecretWithPrefix.class::cast)
                    .filter(g -> g.covers(reference.key()))
                    .findFirst().orElse(null);
            if (group != null) {
                // The Secret's MODULE_SERVICE_CREDENTIALS_KEY outranks ${CREDENTIALS_KEY} in application.properties.
                if (source != null) {
                    problems.add(service + ": " + reference.name() + " is set but " + reference.key()
                            + " comes from Secret " + group.secret() + " (" + group.prefix() + "*), which overrides it");
                }
                return;
            }
            if (source == null) {
                if (mustBeSet) {
                    problems.add(service + ": " + reference.name() + " (read by " + reference.key() + ", "
                            + (reference.required() ? "no default" : "default " + reference.defaultValue().get()
                                    + " only works on a developer machine")
                            + ") is not set by the manifests");
                }
                return;
            }
            if (source instanceof PodEnvironment.FromSecret secret && secret.optional() && mustBeSet) {
                problems.add(service + ": " + reference.name() + " is required but its secretKeyRef is optional");
            }
            String value = PodEnvironment.value(source);
            if (mustBeSet && value != null && value.isBlank()) {
                problems.add(service + ": " + reference.name() + " is required but set to an empty value");
            }
        });
        env.forEach((name, source) -> {
            if (source instanceof PodEnvironment.FromSecretWithPrefix group) {
                if (properties.effective.keySet().stream().noneMatch(group::covers)) {
                    problems.add(service + ": Secret " + group.secret() + " is read as " + name + " but no key of "
                            + service + "'s application.properties maps onto that prefix");
                }
                return;
            }
            if (!read.containsKey(name) && !PLATFORM_VARIABLES.containsKey(name)) {
                problems.add(service + ": the manifests set " + name + " but " + service
                        + "'s application.properties does not read it (stale, misspelt, or not for this service)");
            }
            if (SECRET_NAME.matcher(name).matches() && !(source instanceof PodEnvironment.FromSecret)) {
                problems.add(service + ": " + name + " carries a credential and must come from a Secret (secretKeyRef),"
                        + " not " + source.getClass().getSimpleName());
            }
        });
        return problems;
    }
}
