package io.resellhub.commons.events;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * How this service's own Kafka clients (outbox relay, health check, dead-letter replay) authenticate: the
 * same {@code kafka.security.protocol}, {@code kafka.sasl.mechanism} and {@code kafka.sasl.jaas.config} the
 * messaging connector's clients get (in Kubernetes SCRAM-SHA-512 with the service's Strimzi KafkaUser;
 * locally none of them is set and the clients connect in plain text).
 */
public final class KafkaClientSecurity {

    private static final String[] SETTINGS = {"security.protocol", "sasl.mechanism", "sasl.jaas.config"};

    private KafkaClientSecurity() {
    }

    /** {@code settings} plus the security settings that are configured. */
    public static Map<String, Object> with(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        Config config = ConfigProvider.getConfig();
        for (String setting : SETTINGS) {
            config.getOptionalValue("kafka." + setting, String.class).ifPresent(value -> all.put(setting, value));
        }
        return all;
    }
}
