package io.resellhub.module.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.resellhub.module.config.ModuleServiceConfig;
import io.resellhub.module.domain.SealedSecret;

/** Sealing under the current key and opening under any configured one, across a rotation. */
class CredentialCipherTest {

    static final String OLD_KEY = "dGhyb3dhd2F5LWRldi10ZXN0LWtleS0wMTIzNDU2Nzg=";
    static final String NEW_KEY = "cm90YXRlZC10ZXN0LWtleS0wMTIzNDU2Nzg5YWJjZGU=";

    private final UUID module = UUID.randomUUID();
    private final CredentialCipher beforeRotation = cipher(OLD_KEY, "k1", Map.of());
    private final CredentialCipher afterRotation = cipher(NEW_KEY, "k2", Map.of("k1", OLD_KEY));

    @Test
    void aRowSealedUnderTheOldKeyStillOpensAfterTheRotationAndIsDueForResealing() {
        SealedSecret old = beforeRotation.seal(module, "upstream-password");
        assertEquals("k1", old.keyId());

        assertEquals("upstream-password", afterRotation.open(module, old));
        assertTrue(afterRotation.needsRotation(old));
    }

    @Test
    void newRowsAreSealedUnderTheNewKeyWhichTheOldKeyCannotOpen() {
        SealedSecret sealed = afterRotation.seal(module, "upstream-password");
        assertEquals("k2", sealed.keyId());
        assertFalse(afterRotation.needsRotation(sealed));
        assertEquals("upstream-password", afterRotation.open(module, sealed));
        // A pod still on the old Secret does not know k2: why the README rolls the pods right after the change.
        assertThrows(IllegalStateException.class, () -> beforeRotation.open(module, sealed));
    }

    @Test
    void aPreviousKeyRemovedTooEarlyNamesTheMissingKeyId() {
        SealedSecret old = beforeRotation.seal(module, "upstream-password");
        CredentialCipher withoutPrevious = cipher(NEW_KEY, "k2", Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> withoutPrevious.open(module, old));
        assertTrue(e.getMessage().contains("'k1'") && e.getMessage().contains("previous-keys"), e.getMessage());
        assertFalse(e.getMessage().contains(OLD_KEY));
    }

    @Test
    void aPreviousKeyUnderTheCurrentIdDoesNotReplaceTheCurrentKey() {
        CredentialCipher confused = cipher(NEW_KEY, "k2", Map.of("k2", OLD_KEY));
        assertEquals("secret", afterRotation.open(module, confused.seal(module, "secret")));
    }

    @Test
    void aCiphertextMovedToAnotherModuleDoesNotOpen() {
        SealedSecret sealed = afterRotation.seal(module, "upstream-password");
        assertThrows(IllegalStateException.class, () -> afterRotation.open(UUID.randomUUID(), sealed));
    }

    /** The cipher as module-service builds it from {@code module-service.credentials.*}. */
    static CredentialCipher cipher(String key, String keyId, Map<String, String> previousKeys) {
        ModuleServiceConfig.Credentials credentials = new ModuleServiceConfig.Credentials() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Map<String, String> previousKeys() {
                return previousKeys;
            }
        };
        return new CredentialCipher(new ModuleServiceConfig() {
            @Override
            public Credentials credentials() {
                return credentials;
            }

            @Override
            public BalanceWatch balanceWatch() {
                throw new UnsupportedOperationException("not needed by the cipher");
            }
        });
    }
}
