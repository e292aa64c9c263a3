package io.resellhub.localinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * RS256 JSON Web Tokens as the services accept them (SmallRye JWT with {@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.verify.issuer} and {@code mp.jwt.verify.audiences}), made with the JDK alone.
 *
 * <p>A token carries {@code iss}, {@code aud}, {@code sub}, {@code upn}, {@code groups} (the roles, {@link #ADMIN},
 * {@link #VIEWER} or {@link #SERVICE}), {@code iat} and {@code exp}. Keys are RSA 2048, stored as PEM: the public key as X.509
 * {@code SubjectPublicKeyInfo} ({@code -----BEGIN PUBLIC KEY-----}), the private key as PKCS#8
 * ({@code -----BEGIN PRIVATE KEY-----}).
 */
public final class JwtTokens {

    public static final String DEFAULT_ISSUER = "resellhub";
    /** The audience ({@code aud}) of the local stack's and the tests' tokens, and their services' JWT_AUDIENCE. */
    public static final String DEFAULT_AUDIENCE = "resellhub";
    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";
    /** A service calling another on its own account. */
    public static final String SERVICE = "service";
    public static final String PUBLIC_KEY_FILE = "public.pem";
    public static final String PRIVATE_KEY_FILE = "private.pem";

    private static final String HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();

    private final KeyPair keyPair;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public JwtTokens(KeyPair keyPair, String issuer, String audience, Clock clock) {
        this.keyPair = Objects.requireNonNull(keyPair, "keyPair");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Tokens signed with a new key pair, issuer {@value #DEFAULT_ISSUER}, audience {@value #DEFAULT_AUDIENCE}. */
    public static JwtTokens generate() {
        return new JwtTokens(generateKeyPair(), DEFAULT_ISSUER, DEFAULT_AUDIENCE, Clock.systemUTC());
    }

    /** Tokens with the same keys and issuer for another audience (tests: a token meant for another API). */
    public JwtTokens forAudience(String otherAudience) {
        return new JwtTokens(keyPair, issuer, otherAudience, clock);
    }

    /**
     * Tokens signed with the key pair stored in {@code directory} ({@value #PUBLIC_KEY_FILE},
     * {@value #PRIVATE_KEY_FILE}), which is generated and written on first use; audience {@value #DEFAULT_AUDIENCE}.
     */
    public static JwtTokens loadOrCreate(Path directory, String issuer) {
        Path publicKeyFile = directory.resolve(PUBLIC_KEY_FILE);
        Path privateKeyFile = directory.resolve(PRIVATE_KEY_FILE);
        KeyPair keyPair;
        if (Files.exists(publicKeyFile) && Files.exists(privateKeyFile)) {
            keyPair = new KeyPair(readPublicKey(publicKeyFile), readPrivateKey(privateKeyFile));
        } else {
            keyPair = generateKeyPair();
            writePem(directory, keyPair);
        }
        return new JwtTokens(keyPair, issuer, DEFAULT_AUDIENCE, Clock.systemUTC());
    }

    /** A new RSA 2048 key pair. */
    public static KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    /**
     * Writes {@value #PUBLIC_KEY_FILE} and {@value #PRIVATE_KEY_FILE} into {@code directory} (created if
     * needed); the private key is readable by its owner only where the file system allows.
     */
    public static void writePem(Path directory, KeyPair keyPair) {
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(PUBLIC_KEY_FILE), toPem(keyPair.getPublic()));
            SecretFiles.writeOwnerOnly(directory.resolve(PRIVATE_KEY_FILE), toPem(keyPair.getPrivate()));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the key pair to " + directory, e);
        }
    }

    /** {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo). */
    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8). */
    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static RSAPublicKey readPublicKey(Path file) {
        try {
            byte[] der = fromPem(Files.readString(file), "PUBLIC KEY");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Not an RSA public key in PEM format: " + file, e);
        }
    }

    public static RSAPrivateKey readPrivateKey(Path file) {
        try {
            byte[] der = fromPem(Files.readString(file), "PRIVATE KEY");
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Not an RSA private key in PKCS#8 PEM format: " + file, e);
        }
    }

    public PublicKey publicKey() {
        return keyPair.getPublic();
    }

    public PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** A token for {@code subject} (also its {@code upn}) in {@code groups}, valid from now for {@code ttl}. */
    public String issue(String subject, Collection<String> groups, Duration ttl) {
        return issue(subject, subject, groups, ttl);
    }

    /** A token for {@code subject} with user principal name {@code upn}, valid from now for {@code ttl}. */
    public String issue(String subject, String upn, Collection<String> groups, Duration ttl) {
        long issuedAt = clock.instant().getEpochSecond();
        String claims = "{\"iss\":" + json(issuer)
                + ",\"aud\":" + json(audience)
                + ",\"sub\":" + json(subject)
                + ",\"upn\":" + json(upn)
                + ",\"groups\":[" + groups.stream().map(JwtTokens::json).collect(Collectors.joining(",")) + "]"
                + ",\"iat\":" + issuedAt
                + ",\"exp\":" + (issuedAt + ttl.toSeconds())
                + "}";
        String signingInput = base64Url(HEADER) + "." + base64Url(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL_ENCODER.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign a JWT", e);
        }
    }

    /** Whether {@code token} is a well-formed RS256 JWT whose signature {@code key} verifies. */
    public static boolean verifySignature(String token, PublicKey key) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(URL_DECODER.decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The decoded header JSON of {@code token}. */
    public static String header(String token) {
        return new String(URL_DECODER.decode(token.split("\\.", -1)[0]), StandardCharsets.UTF_8);
    }

    /** The decoded claims JSON of {@code token}. */
    public static String claims(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a JWT (three dot-separated parts)");
        }
        return new String(URL_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
    }

    private static String base64Url(String json) {
        return URL_ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] fromPem(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("No " + begin + " block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }

    private static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
