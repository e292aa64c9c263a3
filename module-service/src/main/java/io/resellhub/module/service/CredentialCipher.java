package io.resellhub.module.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.resellhub.module.config.ModuleServiceConfig;
import io.resellhub.module.domain.SealedSecret;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Seals upstream passwords with AES-256-GCM. The module id is the associated data, so a ciphertext
 * copied onto another module's row does not decrypt. New secrets use the current key; older key ids
 * stay readable through {@code previous-keys}.
 */
@ApplicationScoped
public class CredentialCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String currentKeyId;
    private final Map<String, SecretKey> keys = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    public CredentialCipher(ModuleServiceConfig config) {
        this.currentKeyId = config.credentials().keyId();
        keys.put(currentKeyId, key(currentKeyId, config.credentials().key()));
        config.credentials().previousKeys().forEach((id, encoded) -> keys.putIfAbsent(id, key(id, encoded)));
    }

    public SealedSecret seal(UUID moduleId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(moduleId.toString().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(currentKeyId, ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a credential", e);
        }
    }

    public String open(UUID moduleId, SealedSecret sealed) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("No key with id '" + sealed.keyId() + "' is configured to decrypt the"
                    + " credentials of module " + moduleId + " (module-service.credentials.previous-keys)");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] data = sealed.ciphertext();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(moduleId.toString().getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt the credentials of module " + moduleId
                    + " with key '" + sealed.keyId() + "'", e);
        }
    }

    /** True when the secret was sealed with an older key and should be sealed again. */
    public boolean needsRotation(SealedSecret sealed) {
        return !currentKeyId.equals(sealed.keyId());
    }

    private static SecretKey key(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Credentials key '" + id + "' is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("Credentials key '" + id + "' must be 32 bytes (base64 of 256 bits), got "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
