package io.resellhub.module.upstream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Builds {@link UpstreamConfig} the way Quarkus does (SmallRye Config with the mapping's defaults), from
 * a few overrides given without the {@code module-service.upstream.} prefix. Tests use short timeouts
 * and back-off so they stay fast.
 */
final class TestConfig {

    static final String PREFIX = "module-service.upstream.";

    private final Map<String, String> properties = new HashMap<>();

    private TestConfig() {
    }

    /** The code defaults only. */
    static UpstreamConfig defaults() {
        return new TestConfig().build();
    }

    /** Short timeouts and back-off for tests against local servers. */
    static TestConfig fast() {
        return new TestConfig()
                .with("connect-timeout", "2s")
                .with("read-timeout", "3s")
                .with("retry.backoff", "10ms")
                .with("retry.max-backoff", "20ms");
    }

    TestConfig with(String key, String value) {
        properties.put(PREFIX + key, value);
        return this;
    }

    UpstreamConfig build() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(UpstreamConfig.class)
                // Quarkus' own converter, so "5s" / "200ms" mean what they mean in application.properties
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(UpstreamConfig.class);
    }
}
