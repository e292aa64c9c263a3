package io.resellhub.module.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "module-service")
public interface ModuleServiceConfig {

    Credentials credentials();

    BalanceWatch balanceWatch();

    /** Encryption of upstream passwords at rest (AES-256-GCM). */
    interface Credentials {
        /** Base64 of a 32-byte key; from a Secret (env CREDENTIALS_KEY), never committed. */
        String key();

        /** Id stored next to each ciphertext, so old rows stay readable after a rotation. */
        @WithDefault("k1")
        String keyId();

        /** Keys that still decrypt rows sealed before a rotation: id → base64 key. */
        Map<String, String> previousKeys();
    }

    interface BalanceWatch {
        /** How often each module's upstream balance is read. */
        @WithDefault("5m")
        Duration interval();
    }
}
