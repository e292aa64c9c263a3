package io.resellhub.module.domain;

/** A secret encrypted at rest: the ciphertext and the id of the key that sealed it (for key rotation). */
public record SealedSecret(String keyId, byte[] ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
