package io.resellhub.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;

import io.resellhub.localinfra.SecretFiles;

/**
 * The state directory of the local stack ({@code .local/}, git-ignored): {@code postgres/} and {@code kafka/}
 * data, {@code logs/<component>.log}, {@code jwt/} (the token signing key pair), {@code secrets/credentials-key}
 * (the AES key module-service encrypts upstream credentials with), {@code admin.token} and {@code viewer.token}.
 * Keys are generated on the first start and reused after.
 */
final class LocalLayout {

    static final int CREDENTIALS_KEY_BYTES = 32;

    private final Path dir;

    LocalLayout(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    Path postgresData() {
        return dir.resolve("postgres");
    }

    Path kafkaData() {
        return dir.resolve("kafka");
    }

    Path logs() {
        return dir.resolve("logs");
    }

    Path log(String component) {
        return logs().resolve(component + ".log");
    }

    Path jwt() {
        return dir.resolve("jwt");
    }

    Path credentialsKeyFile() {
        return dir.resolve("secrets").resolve("credentials-key");
    }

    Path adminToken() {
        return dir.resolve("admin.token");
    }

    Path viewerToken() {
        return dir.resolve("viewer.token");
    }

    void createDirectories() {
        try {
            for (Path path : new Path[] {dir, postgresData(), kafkaData(), logs(), jwt(), credentialsKeyFile().getParent()}) {
                Files.createDirectories(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the directories under " + dir, e);
        }
    }

    /**
     * Moves the previous run's {@code <component>.log} to {@code <component>.log.1} and returns the path of
     * the new log.
     */
    Path freshLog(String component) {
        Path log = log(component);
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling(component + ".log.1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not rotate " + log, e);
        }
        return log;
    }

    /** The base64 AES-256 key for module-service, generated on the first call and kept in a file. */
    String credentialsKey() {
        Path file = credentialsKeyFile();
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file).trim();
                int length;
                try {
                    length = Base64.getDecoder().decode(key).length;
                } catch (IllegalArgumentException e) {
                    length = -1;
                }
                if (length != CREDENTIALS_KEY_BYTES) {
                    throw new IllegalStateException(file + " does not hold a base64 " + CREDENTIALS_KEY_BYTES
                            + "-byte key. Restore it, or delete it to generate a new one (credentials encrypted"
                            + " with the old key then cannot be read any more).");
                }
                return key;
            }
            byte[] bytes = new byte[CREDENTIALS_KEY_BYTES];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            SecretFiles.writeOwnerOnly(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or write " + file, e);
        }
    }

    void writeTokens(String adminToken, String viewerToken) {
        try {
            SecretFiles.writeOwnerOnly(adminToken(), adminToken + "\n");
            SecretFiles.writeOwnerOnly(viewerToken(), viewerToken + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the tokens into " + dir, e);
        }
    }

    /** {@code path} relative to the working directory when it lies below it, for shorter messages. */
    static String display(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(cwd) && !absolute.equals(cwd) ? cwd.relativize(absolute).toString()
                : absolute.toString();
    }
}
