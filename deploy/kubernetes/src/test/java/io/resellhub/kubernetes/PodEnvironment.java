package io.resellhub.kubernetes;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;

/** The environment a container gets, variable by variable, with where each value comes from. */
final class PodEnvironment {

    sealed interface Source permits Literal, FromConfigMap, FromSecret, FromSecretWithPrefix, FromField {
    }

    record Literal(String value) implements Source {
    }

    record FromConfigMap(String configMap, String key, String value) implements Source {
    }

    record FromSecret(String secret, String key, boolean optional) implements Source {
    }

    /**
     * Every key of a Secret as {@code prefix + key} (envFrom with a prefix); listed under {@code prefix + "*"}.
     * Allowed only with a prefix that names a configuration group (e.g. MODULE_SERVICE_CREDENTIALS_), so it
     * is still clear which settings come from it.
     */
    record FromSecretWithPrefix(String secret, String prefix) implements Source {

        static final String WILDCARD = "*";

        /** Whether the environment variable that Quarkus maps onto configuration key {@code key} starts with the prefix. */
        boolean covers(String key) {
            return environmentName(key).startsWith(prefix);
        }
    }

    record FromField(String description) implements Source {
    }

    /** The environment variable name Quarkus maps onto a configuration key (module-service.credentials.key -> MODULE_SERVICE_CREDENTIALS_KEY). */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private PodEnvironment() {
    }

    /**
     * name -> source for {@code container}, resolving ConfigMaps in {@code rendered}; what cannot be
     * resolved (a missing ConfigMap, envFrom a Secret whose keys are unknown here) goes to problems.
     */
    static Map<String, Source> of(Container container, Rendered rendered, List<String> problems) {
        Map<String, Source> env = new TreeMap<>();
        String where = rendered + ": container " + container.getName();
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                ConfigMap map = rendered.named(ConfigMap.class, name).orElse(null);
                if (map == null) {
                    problems.add(where + ": envFrom ConfigMap " + name + " is not part of the manifests");
                    continue;
                }
                map.getData().forEach((k, v) -> env.put(prefix + k, new FromConfigMap(name, k, v)));
            }
            if (from.getSecretRef() != null) {
                if (prefix.isEmpty()) {
                    problems.add(where + ": envFrom Secret " + from.getSecretRef().getName() + " without a prefix hides"
                            + " which variables are set; use env[].valueFrom.secretKeyRef, or a prefix naming a configuration group");
                } else {
                    env.put(prefix + FromSecretWithPrefix.WILDCARD, new FromSecretWithPrefix(from.getSecretRef().getName(), prefix));
                }
            }
        }
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), source(var, rendered, where, problems));
        }
        return env;
    }

    private static Source source(EnvVar var, Rendered rendered, String where, List<String> problems) {
        EnvVarSource from = var.getValueFrom();
        if (from == null) {
            return new Literal(var.getValue() == null ? "" : var.getValue());
        }
        if (from.getSecretKeyRef() != null) {
            return new FromSecret(from.getSecretKeyRef().getName(), from.getSecretKeyRef().getKey(),
                    Boolean.TRUE.equals(from.getSecretKeyRef().getOptional()));
        }
        if (from.getConfigMapKeyRef() != null) {
            String name = from.getConfigMapKeyRef().getName();
            String key = from.getConfigMapKeyRef().getKey();
            String value = rendered.named(ConfigMap.class, name).map(m -> m.getData().get(key)).orElse(null);
            if (value == null) {
                problems.add(where + ": " + var.getName() + " refers to ConfigMap " + name + " key " + key
                        + ", which the manifests do not define");
            }
            return new FromConfigMap(name, key, value);
        }
        return new FromField(String.valueOf(from.getFieldRef() != null ? from.getFieldRef() : from.getResourceFieldRef()));
    }

    /** The plain value of a variable (literal or ConfigMap), if it has one. */
    static String value(Source source) {
        if (source instanceof Literal literal) {
            return literal.value();
        }
        if (source instanceof FromConfigMap fromMap) {
            return fromMap.value();
        }
        return null;
    }
}
