package io.resellhub.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtTokensTest {

    @Test
    void signsRs256TokensWithTheExpectedClaims() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        JwtTokens tokens = new JwtTokens(JwtTokens.generateKeyPair(), "resellhub", "resellhub-api", clock);

        String token = tokens.issue("local-admin", "admin@resellhub.local", List.of(JwtTokens.ADMIN),
                Duration.ofHours(1));

        assertEquals("{\"alg\":\"RS256\",\"typ\":\"JWT\"}", JwtTokens.header(token));
        assertEquals("{\"iss\":\"resellhub\",\"aud\":\"resellhub-api\",\"sub\":\"local-admin\",\"upn\":\"admin@resellhub.local\","
                + "\"groups\":[\"admin\"],\"iat\":1735689600,\"exp\":1735693200}", JwtTokens.claims(token));
    }

    @Test
    void theSignatureVerifiesWithThePublicKeyReadBackFromPem(@TempDir Path dir) throws Exception {
        JwtTokens tokens = JwtTokens.loadOrCreate(dir, JwtTokens.DEFAULT_ISSUER);
        String token = tokens.issue("viewer", List.of(JwtTokens.VIEWER), Duration.ofMinutes(5));
        PublicKey publicKey = JwtTokens.readPublicKey(dir.resolve(JwtTokens.PUBLIC_KEY_FILE));

        // Verified here with the JDK directly, as a JWT library would: RS256 over "header.claims".
        String[] parts = token.split("\\.");
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initVerify(publicKey);
        rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rs256.verify(Base64.getUrlDecoder().decode(parts[2])));
        assertTrue(JwtTokens.verifySignature(token, publicKey));

        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                JwtTokens.claims(token).replace("viewer\"]", "admin\"]").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertFalse(JwtTokens.verifySignature(tampered, publicKey));
        assertFalse(JwtTokens.verifySignature(token, JwtTokens.generateKeyPair().getPublic()));
    }

    @Test
    void keysAreStoredAsPemAndReusedByTheNextStart(@TempDir Path dir) throws Exception {
        JwtTokens first = JwtTokens.loadOrCreate(dir, JwtTokens.DEFAULT_ISSUER);

        String publicPem = Files.readString(dir.resolve(JwtTokens.PUBLIC_KEY_FILE));
        String privatePem = Files.readString(dir.resolve(JwtTokens.PRIVATE_KEY_FILE));
        assertTrue(publicPem.startsWith("-----BEGIN PUBLIC KEY-----\n"), publicPem);
        assertTrue(publicPem.endsWith("-----END PUBLIC KEY-----\n"), publicPem);
        assertTrue(privatePem.startsWith("-----BEGIN PRIVATE KEY-----\n"), privatePem);
        assertTrue(publicPem.lines().allMatch(line -> line.length() <= 64));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(JwtTokens.PRIVATE_KEY_FILE))));

        JwtTokens second = JwtTokens.loadOrCreate(dir, JwtTokens.DEFAULT_ISSUER);
        assertEquals(first.publicKey(), second.publicKey());
        String token = second.issue("admin", List.of(JwtTokens.ADMIN), Duration.ofMinutes(5));
        assertTrue(JwtTokens.verifySignature(token, first.publicKey()));
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) first.publicKey()).getModulus().bitLength());
    }

    @Test
    void escapesClaimValues() {
        JwtTokens tokens = JwtTokens.generate();

        String token = tokens.issue("a\"b\\c", List.of("x\ny"), Duration.ofMinutes(1));

        assertTrue(JwtTokens.claims(token).contains("\"sub\":\"a\\\"b\\\\c\""), JwtTokens.claims(token));
        assertTrue(JwtTokens.claims(token).contains("\"groups\":[\"x\\ny\"]"), JwtTokens.claims(token));
    }
}
